"""Word lists the people finder (``people.py``) judges capitalised words by.

Kept apart from the rules so each list can be read and extended on its own. Every
list is lower case; the finder compares case-folded words.
"""


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Offices that, put before a name, make it a person: "Foreign Minister Taro Kono",
# "finance minister Olga Vetrova", "NASA astronaut Jane Holt". Plurals are here for
# "pairs champions Daria Volk and Ilya Sorin".
TITLES = _words(
    """
    minister ministers minster president presidents vice-president premier
    chancellor spokeswoman spokesman spokesperson spokesmen secretary
    secretary-general ambassador envoy director director-general chairman chairwoman
    chairperson chair head chief ceo governor mayor senator congressman
    congresswoman speaker commander commander-in-chief general admiral colonel
    lieutenant aide adviser advisor representative commissioner king queen prince
    princess emperor empress pope patriarch leader leaders coach captain judge
    prosecutor prosecutor-general attorney counselor counsellor lawmaker lawmakers mp
    deputy diplomat rapporteur founder co-founder executive manager editor
    editor-in-chief cosmonaut cosmonauts astronaut astronauts professor economist
    economists analyst analysts ombudsman ombudswoman emir sultan mufti cardinal
    archbishop metropolitan bishop undersecretary under-secretary negotiator
    mayor-elect president-elect premier-elect counterpart officer official
    officials expert experts scientist researcher lawyer activist journalist
    correspondent writer author singer actor actress player players skater skaters
    champion champions winner winners medalist medalists medallist medallists
    athlete athletes striker goalkeeper midfielder defender boxer wrestler swimmer
    pilot investor billionaire businessman businesswoman tycoon dissident blogger
    strategist campaigner candidate nominee governor-general vice-premier
    vice-chairman vice-minister deputy-minister politician legislator
    commissar inspector superintendent sergeant marshal sheriff teacher doctor
    physician surgeon artist designer architect chef director-general ceo cfo
    whistleblower presenter host anchor captain-general ruler monarch gen lt col maj
    capt adm sgt gov sen rep amb rector dean provost
    """
)

# Courtesy and rank words dropped from the name and from the title: "Datuk Seri
# Hamdan Yusof" is Hamdan Yusof; "Sheikh Rashid" is Rashid.
HONORIFICS = _words(
    """
    mr mr. mrs mrs. ms ms. dr dr. prof prof. sir dame lord lady rev rev. datuk dato
    dato' datuk' seri sri tan tun toh puan haji hajjah sheikh sheikha shaikh his her
    highness excellency majesty royal h.e. h.h. hh he mme mlle monsieur madame herr
    frau sayyid sayed syed
    """
)

# Words that belong to an office, an organisation or a place, never to a name:
# "Minister of Foreign Affairs", "Ministry", "the Port Authority", "Saudi Arabia".
ORGANISATION = _words(
    """
    ministry ministries agency council bank fund association university party cup
    games olympics olympic paralympic sea ocean island islands peninsula palace
    street square airport station department office service services committee
    commission assembly congress duma parliament government republic federation union
    kingdom states city region province oblast krai district center centre institute
    company corp corp. corporation inc inc. ltd ltd. llc plc group holding holdings
    airlines airways times news press post daily channel television tv radio fleet
    navy army forces force zoo court prize award summit forum organization
    organisation nations team house staff club school college museum theatre theater
    cathedral mosque temple stadium arena bridge river lake mountain
    mountains mount volcano valley bay gulf strait coast port plant factory exchange
    market index treaty agreement act law code plan program programme project
    initiative strategy doctrine day week festival championship championships
    tournament league world international national federal central state affairs
    foreign security defense defence interior border guard police media network
    foundation academy authority administration bureau directorate secretariat
    mission embassy consulate kremlin pentagon senate cabinet municipality chamber
    tribunal railways motors electronics energy oil gas petroleum telecom capital
    partners associates trust principles standards reuters xinhua tass afp yonhap
    kyodo interfax bernama antara kazinform sputnik novosti nasdaq hamas hezbollah
    taliban qaeda al-qaeda al-qaida isis islamic prensa latina agence presse
    france-presse associated daily weekly tribune herald gazette journal review
    magazine telegram twitter facebook instagram youtube google apple microsoft
    amazon samsung toyota gazprom rosneft roscosmos nasa esa space station segment
    finance economy economic trade industry agriculture culture labour labor health
    education justice transport communications development emergencies emergency
    natural resources sport sports tourism science technology digital environment
    ecology construction housing welfare social internal external relations planning
    municipalities urban fire rescue investigative committee general staff armed
    operations command headquarters directorate intelligence counterintelligence
    ministry's agency's crown supreme
    korea africa america americas europe asia arabia lanka kong rica zealand aires
    angeles aviv dhabi lumpur delhi york jersey carolina dakota virginia petersburg
    novgorod guinea leone faso verde herzegovina emirates macedonia ossetia crimea
    donbas kashmir
    """
)

# Capitalised words that start sentences or name times, never people. ("May",
# "June", "April" and "August" are also given names and surnames: they stay out.)
NOT_NAME = _words(
    """
    the a an on in at as and but or also when while meanwhile according earlier
    later then yesterday today tomorrow this that these those his her their its our
    my your we they he she it i you after before during following if since under
    over for from with by of to into about against between among amid despite
    however moreover besides still yet thus so there here what which who whom whose
    where why how all some many most more much few several both each every other
    another such no not nor only just even last next first second third new old
    monday tuesday wednesday thursday friday saturday sunday january february march
    july september october november december jan feb mar apr jun jul aug sep sept
    oct nov dec said says say told tells added adds stated
    noted stressed warned according photo photos file reading read more see also
    tags share updated published posted source author image video live breaking
    urgent lead update enditem end christmas easter ramadan new year's eve
    read north south east west northern southern eastern western mr mrs ms dr
    """
)

# "The Admiral Vinogradov destroyer", "the Bezymianny volcano": a capitalised name
# followed by one of these within a few words names a thing, not a person.
THINGS = _words(
    """
    ship ships frigate frigates destroyer destroyers cruiser cruisers corvette
    corvettes submarine submarines carrier carriers icebreaker icebreakers tanker
    tankers vessel vessels boat boats warship warships spacecraft rocket rockets
    satellite satellites missile missiles aircraft plane planes jet jets volcano
    volcanoes panda pandas cub cubs tiger tigers bear bears elephant elephants
    horse horses dog dogs cat cats hurricane typhoon storm cyclone tornado
    award prize medal order trophy airport station street avenue square bridge
    vehicle tank tanks drone drones system systems
    """
)

# Words of an appositive that make the name before them a person: "Harriet Cole, an
# economist"; "Greta Lind, the mother of…". Titles count too.
ROLES = TITLES | _words(
    """
    mother father brother sister son daughter wife husband widow widower
    grandmother grandfather uncle aunt nephew niece cousin child parent parents
    man woman boy girl resident residents victim victims suspect suspects
    member members head owner founder survivor witness student students fan
    veteran resident citizen national native hostage prisoner detainee
    """
)

# Words that, in the few words after a name's comma, make the rest a clause, not an
# apposition: "Moscow, which is…" never makes Moscow a person.
CLAUSE = _words(
    """
    which where when that and or but said says is was were are has have had will
    would could should may might did does do
    """
)

# Name particles that may stand lower case inside a name: "Rashid bin Saeed",
# "Ursula von der Leyen".
PARTICLES = _words(
    "bin bint ibn binti al el de da di du dos das van von der den del della la le y "
    "ter ten zu"
)
