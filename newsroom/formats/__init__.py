"""The newsroom's own date and time formats (``FORMAT_MODULE_PATH``)."""
