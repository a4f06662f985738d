"""Words the demo's client side is drawn from: titles by function and level, the buying
roles each tends to play, competitors, notes, next steps and technical concerns."""

from __future__ import annotations

EXEC, SENIOR, MIDDLE, STAFF = 1, 2, 3, 4  # StakeholderLevel values

# function: (Polish executive title, English), then directors, managers, staff (pl, en)
FUNCTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "finance": (
        ("Członek Zarządu ds. Finansowych", "Chief Financial Officer"),
        ("Dyrektor Finansowy", "Finance Director"),
        ("Kierownik Controllingu", "Controlling Manager"),
        ("Analityk Finansowy", "Financial Analyst"),
    ),
    "it": (
        ("Dyrektor ds. Technologii (CIO)", "Chief Information Officer"),
        ("Dyrektor IT", "IT Director"),
        ("Kierownik Infrastruktury IT", "IT Infrastructure Manager"),
        ("Architekt Rozwiązań", "Solution Architect"),
    ),
    "operations": (
        ("Członek Zarządu ds. Operacyjnych", "Chief Operating Officer"),
        ("Dyrektor Zakładu", "Plant Director"),
        ("Kierownik Produkcji", "Production Manager"),
        ("Technolog Procesu", "Process Engineer"),
    ),
    "procurement": (
        ("Dyrektor ds. Zakupów (CPO)", "Chief Procurement Officer"),
        ("Dyrektor Zakupów Strategicznych", "Strategic Sourcing Director"),
        ("Kierownik Kategorii Zakupowej", "Category Manager"),
        ("Kupiec", "Buyer"),
    ),
    "sales": (
        ("Członek Zarządu ds. Handlowych", "Chief Commercial Officer"),
        ("Dyrektor Sprzedaży", "Sales Director"),
        ("Kierownik Regionu", "Regional Sales Manager"),
        ("Specjalista ds. Sprzedaży", "Sales Specialist"),
    ),
    "people": (
        ("Dyrektor Personalny", "Chief People Officer"),
        ("Dyrektor HR", "HR Director"),
        ("Kierownik ds. Rozwoju Pracowników", "Learning and Development Manager"),
        ("Specjalista HR", "HR Specialist"),
    ),
    "rnd": (
        ("Dyrektor ds. Innowacji", "Chief Innovation Officer"),
        ("Dyrektor Badań i Rozwoju", "R&D Director"),
        ("Kierownik Laboratorium", "Laboratory Manager"),
        ("Inżynier R&D", "R&D Engineer"),
    ),
}
CORE_FUNCTIONS = ("finance", "it", "operations", "procurement")
OTHER_FUNCTIONS = ("sales", "people", "rnd")
CEO_TITLE = ("Prezes Zarządu", "Chief Executive Officer")
CHAIR_TITLE = ("Przewodniczący Rady Nadzorczej", "Chair of the Supervisory Board")
# (function or "*", level or 0): {buying role: probability}
BUYING: dict[tuple[str, int], dict[str, float]] = {
    ("ceo", EXEC): {"decision_maker": 0.7, "approver": 0.4},
    ("finance", EXEC): {"economic_buyer": 0.8, "approver": 0.5},
    ("finance", SENIOR): {"economic_buyer": 0.3, "approver": 0.3},
    ("it", EXEC): {"decision_maker": 0.5, "technical_evaluator": 0.5},
    ("it", SENIOR): {"technical_evaluator": 0.7, "decision_maker": 0.2},
    ("it", MIDDLE): {"technical_evaluator": 0.6, "user": 0.3},
    ("it", STAFF): {"technical_evaluator": 0.35, "user": 0.5},
    ("operations", EXEC): {"decision_maker": 0.4, "economic_buyer": 0.2},
    ("operations", SENIOR): {"economic_buyer": 0.25, "user": 0.3, "technical_evaluator": 0.2},
    ("operations", MIDDLE): {"user": 0.6, "technical_evaluator": 0.2},
    ("operations", STAFF): {"user": 0.7},
    ("procurement", EXEC): {"approver": 0.7, "economic_buyer": 0.3},
    ("procurement", SENIOR): {"approver": 0.5},
    ("procurement", MIDDLE): {"approver": 0.3},
    ("rnd", EXEC): {"decision_maker": 0.3, "technical_evaluator": 0.3},
    ("rnd", SENIOR): {"technical_evaluator": 0.5},
    ("rnd", STAFF): {"technical_evaluator": 0.3, "user": 0.3},
}

COMPETITORS = (
    "Siemens", "ABB", "Schneider Electric", "SAP", "Oracle", "Accenture", "Capgemini",
    "Comarch", "Asseco", "Atos", "Honeywell", "Emerson",
)  # fmt: skip

NOTES = {
    "pl": (
        "Przegląd kwartalny: omówiono status wdrożenia i plan na kolejny kwartał.",
        "Rozmowa o budżecie na przyszły rok; prośba o wstępną ofertę.",
        "Warsztat z zespołem technicznym: wymagania dotyczące integracji.",
        "Spotkanie przy kawie, dobre relacje, temat nowej linii produkcyjnej.",
        "Zgłoszono uwagi do SLA; umówiono się na przegląd w przyszłym miesiącu.",
        "Prezentacja referencji z branży; duże zainteresowanie pilotażem.",
    ),
    "en": (
        "Quarterly review: rollout status and next quarter's plan.",
        "Budget talk for next year; they asked for an indicative quote.",
        "Workshop with their engineers on integration requirements.",
        "Informal coffee; good rapport, heard about the new production line.",
        "Concerns about the SLA raised; agreed to review next month.",
        "Showed industry references; strong interest in a pilot.",
    ),
}
NEXT_STEPS = {
    "pl": ("Zaprosić na dzień innowacji", "Wizyta referencyjna u klienta", "Kolacja z zarządem"),
    "en": ("Invite to the innovation day", "Arrange a reference visit", "Dinner with the board"),
}
CONCERN_TOPICS = {
    "pl": (
        ("Integracja z SAP S/4HANA", "Obawy o czas i koszt integracji z ERP."),
        ("Bezpieczeństwo danych", "Wymagania działu bezpieczeństwa co do szyfrowania."),
        ("Wydajność przy szczycie", "Czy system utrzyma obciążenie w sezonie?"),
        ("Zgodność z RODO", "Gdzie przechowywane są dane osobowe?"),
        ("Migracja danych historycznych", "Zakres i jakość danych do migracji."),
    ),
    "en": (
        ("SAP S/4HANA integration", "Worried about the time and cost of the ERP integration."),
        ("Data security", "Their security team's encryption requirements."),
        ("Peak-load performance", "Will it hold up in the busy season?"),
        ("GDPR compliance", "Where is personal data stored?"),
        ("Historical data migration", "Scope and quality of the data to migrate."),
    ),
}

RESOLUTIONS = {
    "pl": "Uzgodniono rozwiązanie na warsztacie technicznym.",
    "en": "Agreed a solution in a technical workshop.",
}
