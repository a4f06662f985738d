"""Fixed word lists the demo portfolio is drawn from: departments, places, company words."""

from __future__ import annotations

from dataclasses import dataclass, field

from hexad.roles.catalogue import (
    COLLABORATOR,
    INNOVATOR,
    PROJECT_MANAGER,
    RELATIONSHIP_MANAGER,
    RESULTS_DRIVER,
    TECHNICAL_EXPERT,
)

ROLE_KEYS = (
    RESULTS_DRIVER,
    RELATIONSHIP_MANAGER,
    INNOVATOR,
    COLLABORATOR,
    TECHNICAL_EXPERT,
    PROJECT_MANAGER,
)


@dataclass(frozen=True)
class DepartmentSpec:
    """A department of ours: its share of headcount and how its people work on accounts."""

    name: str
    share: float  # share of headcount
    team_weight: float  # how often its people fill a seat on an account team
    titles: tuple[str, ...]
    affinity: dict[str, float] = field(default_factory=dict)  # role key -> natural fit


KAM = "Key Account Management"
SALES = "Sales"
ENGINEERING = "Engineering"
PRODUCT = "Product"
DELIVERY = "Delivery"
CUSTOMER_SUCCESS = "Customer Success"
FINANCE = "Finance"
LEGAL = "Legal"
MARKETING = "Marketing"
SALES_OPERATIONS = "Sales Operations"

DEPARTMENTS: tuple[DepartmentSpec, ...] = (
    DepartmentSpec(
        KAM,
        0.12,
        10,
        (
            "Key Account Manager",
            "Senior Key Account Manager",
            "Strategic Account Director",
            "Global Account Manager",
        ),
        {
            RESULTS_DRIVER: 1.5,
            RELATIONSHIP_MANAGER: 5,
            INNOVATOR: 1,
            COLLABORATOR: 2,
            PROJECT_MANAGER: 2,
        },
    ),
    DepartmentSpec(
        SALES,
        0.12,
        15,
        (
            "Account Executive",
            "Sales Manager",
            "Business Development Manager",
            "Regional Sales Director",
            "Senior Account Executive",
        ),
        {
            RESULTS_DRIVER: 5,
            RELATIONSHIP_MANAGER: 3,
            INNOVATOR: 1,
            COLLABORATOR: 1,
            PROJECT_MANAGER: 1,
        },
    ),
    DepartmentSpec(
        ENGINEERING,
        0.20,
        24,
        (
            "Solution Architect",
            "Senior Software Engineer",
            "Application Engineer",
            "Process Engineer",
            "Technical Lead",
            "Pre-sales Engineer",
        ),
        {
            TECHNICAL_EXPERT: 5,
            INNOVATOR: 2,
            COLLABORATOR: 1,
            RELATIONSHIP_MANAGER: 0.5,
            PROJECT_MANAGER: 0.5,
        },
    ),
    DepartmentSpec(
        PRODUCT,
        0.08,
        9,
        ("Product Manager", "Product Owner", "Head of Product Innovation", "Portfolio Manager"),
        {
            INNOVATOR: 5,
            TECHNICAL_EXPERT: 1.5,
            COLLABORATOR: 1,
            RESULTS_DRIVER: 0.5,
            PROJECT_MANAGER: 1,
        },
    ),
    DepartmentSpec(
        DELIVERY,
        0.14,
        18,
        (
            "Project Manager",
            "Delivery Manager",
            "Programme Manager",
            "Implementation Consultant",
            "PMO Lead",
        ),
        {PROJECT_MANAGER: 5, COLLABORATOR: 3, RELATIONSHIP_MANAGER: 0.5},
    ),
    DepartmentSpec(
        CUSTOMER_SUCCESS,
        0.12,
        14,
        (
            "Customer Success Manager",
            "Service Delivery Manager",
            "Support Team Lead",
            "Onboarding Specialist",
        ),
        {
            RELATIONSHIP_MANAGER: 3,
            COLLABORATOR: 3,
            PROJECT_MANAGER: 1.5,
            RESULTS_DRIVER: 0.5,
            INNOVATOR: 0.5,
        },
    ),
    DepartmentSpec(
        FINANCE,
        0.07,
        3,
        (
            "Commercial Finance Analyst",
            "Pricing Manager",
            "Financial Controller",
            "Credit Controller",
        ),
        {COLLABORATOR: 2, PROJECT_MANAGER: 2, RESULTS_DRIVER: 1},
    ),
    DepartmentSpec(
        LEGAL,
        0.04,
        2,
        ("Legal Counsel", "Contract Manager", "Compliance Officer"),
        {COLLABORATOR: 2, PROJECT_MANAGER: 1},
    ),
    DepartmentSpec(
        MARKETING,
        0.08,
        4,
        (
            "Account-Based Marketing Manager",
            "Marketing Manager",
            "Content Strategist",
            "Events Manager",
        ),
        {INNOVATOR: 2, RESULTS_DRIVER: 1, COLLABORATOR: 2, RELATIONSHIP_MANAGER: 1},
    ),
    DepartmentSpec(
        SALES_OPERATIONS,
        0.03,
        1,
        ("Sales Operations Analyst", "CRM Administrator", "Revenue Operations Manager"),
        {PROJECT_MANAGER: 2, COLLABORATOR: 2, RESULTS_DRIVER: 0.5},
    ),
)
DEPARTMENT_BY_NAME = {spec.name: spec for spec in DEPARTMENTS}

# Probability that a role is played on an account at all, by tier rank 1, 2 and 3.
ROLE_PRESENCE: dict[str, tuple[float, float, float]] = {
    RESULTS_DRIVER: (0.97, 0.92, 0.85),
    RELATIONSHIP_MANAGER: (1.0, 1.0, 1.0),
    INNOVATOR: (0.85, 0.72, 0.58),
    COLLABORATOR: (0.95, 0.85, 0.78),
    TECHNICAL_EXPERT: (0.97, 0.90, 0.80),
    PROJECT_MANAGER: (0.88, 0.72, 0.60),
}

# Industry values of hexad.accounts.models.Industry with their weight in the portfolio and
# the word a company name in that industry may carry (Polish, English, German).
INDUSTRIES: dict[str, tuple[float, str, str, str]] = {
    "automotive": (8, "Automotive", "Automotive", "Fahrzeugtechnik"),
    "chemicals": (7, "Chemia", "Chemicals", "Chemie"),
    "construction": (6, "Budownictwo", "Construction", "Bau"),
    "consumer": (6, "Dystrybucja", "Consumer Brands", "Konsumgüter"),
    "energy": (8, "Energia", "Energy", "Energie"),
    "finance": (6, "Finanse", "Capital", "Finanz"),
    "food": (7, "Foods", "Foods", "Lebensmittel"),
    "healthcare": (4, "Medical", "Healthcare", "Medizintechnik"),
    "it": (6, "Systemy", "Systems", "Systemhaus"),
    "logistics": (7, "Logistyka", "Logistics", "Logistik"),
    "manufacturing": (14, "Maszyny", "Engineering", "Anlagenbau"),
    "mining": (4, "Metale", "Metals", "Metallwerke"),
    "pharma": (4, "Pharma", "Pharma", "Pharma"),
    "public": (3, "Usługi", "Services", "Dienste"),
    "retail": (5, "Handel", "Retail", "Handel"),
    "telecom": (3, "Telekom", "Telecom", "Telekom"),
    "other": (2, "Serwis", "Group", "Service"),
}
# Old-style Polish plant names: "Zakłady Chemiczne Oława S.A."
PLANT_ADJECTIVES = {
    "automotive": "Motoryzacyjne",
    "chemicals": "Chemiczne",
    "food": "Mięsne",
    "manufacturing": "Mechaniczne",
    "mining": "Metalurgiczne",
    "pharma": "Farmaceutyczne",
    "consumer": "Włókiennicze",
}
PUBLIC_BODIES = (
    "Zarząd Infrastruktury Miejskiej {city}",
    "Centrum Usług Wspólnych {city}",
    "Wodociągi {city} sp. z o.o.",
    "Przedsiębiorstwo Energetyki Cieplnej {city} sp. z o.o.",
)
# Industries whose buying centres include plants and sites.
PLANT_INDUSTRIES = {
    "automotive", "chemicals", "food", "manufacturing", "mining", "pharma", "energy",
    "consumer", "construction",
}  # fmt: skip
SITE_WORDS = {"logistics": "Warehouse", "retail": "Region", "finance": "Branch"}

# Country: (weight, currency, local name used in subsidiaries, legal forms, cities)
COUNTRIES: dict[str, tuple[float, str, str, tuple[str, ...], tuple[str, ...]]] = {
    "PL": (70, "PLN", "Polska", ("S.A.", "sp. z o.o."), ()),
    "DE": (
        8,
        "EUR",
        "Deutschland",
        ("GmbH", "AG", "GmbH & Co. KG"),
        ("Hamburg", "München", "Köln", "Stuttgart", "Leipzig", "Dresden", "Hannover"),
    ),
    "CZ": (4, "CZK", "Česko", ("s.r.o.", "a.s."), ("Praha", "Brno", "Ostrava", "Plzeň")),
    "GB": (
        4,
        "GBP",
        "UK",
        ("Ltd", "plc"),
        ("Manchester", "Birmingham", "Leeds", "Bristol", "Glasgow", "Sheffield"),
    ),
    "SE": (2, "SEK", "Sverige", ("AB",), ("Göteborg", "Malmö", "Västerås", "Uppsala")),
    "FR": (2, "EUR", "France", ("SAS", "S.A."), ("Lyon", "Lille", "Toulouse", "Nantes")),
    "NL": (2, "EUR", "Nederland", ("B.V.", "N.V."), ("Rotterdam", "Eindhoven", "Utrecht")),
    "AT": (1, "EUR", "Österreich", ("GmbH", "AG"), ("Wien", "Linz", "Graz")),
    "IT": (1, "EUR", "Italia", ("S.p.A.", "S.r.l."), ("Milano", "Torino", "Bologna")),
    "SK": (1, "EUR", "Slovensko", ("s.r.o.", "a.s."), ("Bratislava", "Košice", "Žilina")),
    "HU": (1, "HUF", "Magyarország", ("Kft.", "Zrt."), ("Budapest", "Győr", "Debrecen")),
    "RO": (1, "RON", "România", ("S.R.L.", "S.A."), ("Cluj-Napoca", "Timișoara", "Brașov")),
    "US": (1, "USD", "USA", ("Inc.", "LLC"), ("Chicago", "Detroit", "Houston")),
    "CH": (1, "CHF", "Schweiz", ("AG", "SA"), ("Basel", "Zürich")),
    "DK": (0.5, "DKK", "Danmark", ("A/S",), ("Aarhus", "Odense")),
    "NO": (0.5, "NOK", "Norge", ("AS",), ("Oslo", "Bergen")),
}
COUNTRY_NAMES_EN = {
    "PL": "Poland", "DE": "Germany", "CZ": "Czechia", "GB": "United Kingdom", "SE": "Sweden",
    "FR": "France", "NL": "Netherlands", "AT": "Austria", "IT": "Italy", "SK": "Slovakia",
    "HU": "Hungary", "RO": "Romania", "US": "United States", "CH": "Switzerland",
    "DK": "Denmark", "NO": "Norway",
}  # fmt: skip
GERMAN_WORDS = {"DE", "AT", "CH"}
ENGLISH_SURNAMES = {"GB", "US"}

# Invented brands are built from two halves, e.g. "Ferro" + "tex".
BRAND_HEADS = (
    "Nova", "Vita", "Pol", "Mazo", "Wis", "Silez", "Karpa", "Bałt", "Odra", "Warta", "Sigma",
    "Delta", "Orbi", "Astra", "Terra", "Aqua", "Ferro", "Petro", "Agro", "Termo", "Hydro",
    "Elektro", "Inter", "Euro", "Lumi", "Vero", "Kalo", "Medi", "Tele", "Proxi", "Zenit",
    "Onyx", "Granit", "Kwarc", "Rubin", "Jantar", "Borea", "Cors", "Lindo", "Mira", "Sudet",
    "Vistu", "Narew", "Beskid", "Kampi", "Arto", "Helio", "Fluvi", "Kora",
)  # fmt: skip
BRAND_TAILS = (
    "chem", "tex", "plast", "met", "tron", "sys", "lab", "net", "max", "trans", "med",
    "form", "gaz", "bud", "pak", "flex", "tech", "line", "soft", "vent", "therm", "ster",
    "mar", "lux", "dom", "wave", "grid", "nor", "ton", "ra", "via", "tor", "mix", "sol",
)  # fmt: skip
# Parts of existing companies' names that an invented brand must not contain.
BRAND_BLOCKLIST = (
    "orlen", "synthos", "azoty", "ciech", "comarch", "asseco", "lotos", "enea", "tauron",
    "energa", "budimex", "polimex", "mostostal", "polpharma", "boryszew", "pesa", "amica",
    "solaris", "agrotech", "petrochem", "novartis", "medicover", "eurocash",
)  # fmt: skip

# Buying centres inside a client.
BUSINESS_FUNCTIONS = (
    "Procurement", "R&D", "IT", "Finance", "Logistics", "Quality", "Maintenance",
    "Operations", "Marketing", "HR", "Supply Chain", "Engineering", "Legal",
    "Customer Service", "Sales", "Facilities", "Treasury", "Digital", "Sustainability",
    "Shared Services Centre", "Health and Safety", "Executive Board",
)  # fmt: skip
POLISH_REGIONS = (
    "Mazowsze", "Śląsk", "Małopolska", "Pomorze", "Wielkopolska", "Dolny Śląsk",
    "Łódzkie", "Podkarpacie", "Lubelszczyzna", "Warmia i Mazury",
)  # fmt: skip
