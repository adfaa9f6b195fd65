"""The hook for reacting to content changes (page cache, search index…).

The workflow's services send ``content_changed`` (sender=Article, article=<story>)
after a state change commits. ``articles.receivers`` also listens to the models'
own save/delete signals, so edits made anywhere (admin, shell, imports) count too.
"""

from django.dispatch import Signal

content_changed = Signal()
