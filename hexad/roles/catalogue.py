# ruff: noqa: E501 - bilingual content reads better one sentence a line
"""The six strategic account roles as Hexad ships them, in English and Polish.

Administrators may edit these texts afterwards; this module is what a new instance starts
with (loaded by a data migration) and what `hexad demo` relies on.
"""

from __future__ import annotations

from typing import TypedDict


class RoleText(TypedDict):
    key: str
    order: int
    name_en: str
    name_pl: str
    purpose_en: str
    purpose_pl: str
    missing_en: str
    missing_pl: str
    tips_en: str
    tips_pl: str
    anchor_1_en: str
    anchor_1_pl: str
    anchor_3_en: str
    anchor_3_pl: str
    anchor_5_en: str
    anchor_5_pl: str


RESULTS_DRIVER = "results-driver"
RELATIONSHIP_MANAGER = "relationship-manager"
INNOVATOR = "innovator"
COLLABORATOR = "collaborator"
TECHNICAL_EXPERT = "technical-expert"
PROJECT_MANAGER = "project-manager"

SIX_ROLES: list[RoleText] = [
    {
        "key": RESULTS_DRIVER,
        "order": 1,
        "name_en": "Results Driver",
        "name_pl": "Motor wyników",
        "purpose_en": (
            "Wants growth and pushes for it. Treats the account as a market of its own and "
            "works to win a bigger share of it: sets ambitious targets, chases the potential "
            "nobody has touched yet and keeps the pipeline moving."
        ),
        "purpose_pl": (
            "Chce wzrostu i do niego dąży. Traktuje konto jak osobny rynek i walczy o coraz "
            "większy jego udział: stawia ambitne cele, sięga po niewykorzystany potencjał i "
            "pilnuje, żeby lejek sprzedaży się nie zatrzymywał."
        ),
        "missing_en": (
            "“We cannot get our account managers to focus on growing the account. "
            "Nobody seems to have the fire to make things happen.”"
        ),
        "missing_pl": (
            "„Nie potrafimy sprawić, żeby nasi opiekunowie skupili się na rozwoju konta. "
            "Nikt nie ma w sobie ognia, żeby coś się wydarzyło.”"
        ),
        "tips_en": (
            "You do not have to light a fire under a real Results Driver. Be careful not to "
            "force your relationship leader into this role when it does not fit them: one "
            "person can play both, but pushing the wrong person into it does not work."
        ),
        "tips_pl": (
            "Prawdziwego motoru wyników nie trzeba rozpalać. Uważaj, by nie wciskać w tę "
            "rolę lidera relacji, jeśli do niej nie pasuje: jedna osoba może grać obie role, "
            "ale zmuszanie do niej niewłaściwej osoby się nie sprawdza."
        ),
        "anchor_1_en": "Takes the targets given; rarely looks for growth beyond the orders that come in.",
        "anchor_1_pl": "Przyjmuje zadane cele; rzadko szuka wzrostu poza zamówieniami, które same przychodzą.",
        "anchor_3_en": "Sets growth targets for the account and follows up the main opportunities.",
        "anchor_3_pl": "Wyznacza cele wzrostu konta i pilnuje głównych szans sprzedaży.",
        "anchor_5_en": "Maps the whole market inside the account, sets ambitious goals (×2, ×3) and drives the team to win them.",
        "anchor_5_pl": "Zna cały rynek wewnątrz konta, stawia ambitne cele (×2, ×3) i prowadzi zespół do ich zdobycia.",
    },
    {
        "key": RELATIONSHIP_MANAGER,
        "order": 2,
        "name_en": "Relationship Manager",
        "name_pl": "Menedżer relacji",
        "purpose_en": (
            "Is embedded in the account and builds and strengthens relationships there. "
            "Defends the account against competitors and, at their best, reaches the "
            "enterprise level and people beyond the contacts we already have."
        ),
        "purpose_pl": (
            "Jest zakorzeniony w koncie, buduje i wzmacnia w nim relacje. Broni konta przed "
            "konkurencją, a w najlepszym wydaniu dociera do poziomu całego przedsiębiorstwa i "
            "do ludzi spoza grona kontaktów, które już mamy."
        ),
        "missing_en": (
            "“There are so many people at this account we need stronger ties with, and so "
            "many we do not even know. We miss openings and leave the door open to "
            "competitors.”"
        ),
        "missing_pl": (
            "„Na tym koncie jest tylu ludzi, z którymi powinniśmy mieć lepsze relacje, i "
            "tylu, których nawet nie znamy. Przegapiamy okazje i zostawiamy drzwi otwarte "
            "dla konkurencji.”"
        ),
        "tips_en": (
            "Most account leads who play a role well play this one, yet they tend to stay "
            "with existing contacts. Measure new stakeholders and executive relationships, "
            "not only how strong the old ties are. In large firms this may be a team."
        ),
        "tips_pl": (
            "Większość dobrze grających opiekunów kont gra właśnie tę rolę, ale często "
            "zostaje przy dotychczasowych kontaktach. Mierz nowych interesariuszy i relacje z "
            "zarządem, nie tylko siłę starych więzi. W dużych firmach może to być cały zespół."
        ),
        "anchor_1_en": "Knows a few day-to-day contacts; relationships depend on them staying.",
        "anchor_1_pl": "Zna kilka osób z codziennej współpracy; relacje zależą od tego, czy te osoby zostaną.",
        "anchor_3_en": "Has working relationships across the main buying centres and hears about changes early.",
        "anchor_3_pl": "Ma robocze relacje w głównych centrach zakupowych i wcześnie dowiaduje się o zmianach.",
        "anchor_5_en": "Is trusted at executive level, keeps finding new stakeholders and keeps competitors out.",
        "anchor_5_pl": "Cieszy się zaufaniem zarządu, stale zdobywa nowych interesariuszy i nie wpuszcza konkurencji.",
    },
    {
        "key": INNOVATOR,
        "order": 3,
        "name_en": "Innovator",
        "name_pl": "Innowator",
        "purpose_en": (
            "Also called the value creator or visionary. Sees ways to add value that others "
            "miss, carries our new offerings to the account quickly, talks about the big "
            "picture with executives and helps ideas flow both ways with the client."
        ),
        "purpose_pl": (
            "Nazywany też twórcą wartości lub wizjonerem. Dostrzega sposoby tworzenia "
            "wartości, których inni nie widzą, szybko wnosi do konta nasze nowe oferty, "
            "rozmawia z zarządem o szerszym obrazie i ułatwia wymianę pomysłów z klientem."
        ),
        "missing_en": (
            "“We could create far more value for this client, but it takes forever to bring "
            "them our new products and services, and we never reach the senior decision "
            "makers.”"
        ),
        "missing_pl": (
            "„Moglibyśmy dać temu klientowi znacznie więcej, ale wprowadzenie u niego "
            "naszych nowych produktów i usług trwa wieczność, a do decydentów najwyższego "
            "szczebla w ogóle nie docieramy.”"
        ),
        "tips_en": (
            "Executive buyers need vision and energy from us or they lose interest, and we "
            "end up one, two or six levels lower in their organisation, where nobody can "
            "decide on change. Track how long new offerings take to reach the account."
        ),
        "tips_pl": (
            "Klienci na szczeblu zarządu potrzebują od nas wizji i energii, inaczej tracą "
            "zainteresowanie, a my lądujemy poziom, dwa lub sześć niżej, gdzie nikt nie "
            "decyduje o zmianie. Śledź, ile czasu nowe oferty potrzebują, by dotrzeć do konta."
        ),
        "anchor_1_en": "Sells what the client already buys; new offerings reach the account late or never.",
        "anchor_1_pl": "Sprzedaje to, co klient już kupuje; nowe oferty docierają do konta późno albo wcale.",
        "anchor_3_en": "Brings relevant new offerings to the account and can explain their value.",
        "anchor_3_pl": "Wnosi do konta pasujące nowe oferty i potrafi wyjaśnić ich wartość.",
        "anchor_5_en": "Shapes a shared vision with the client’s executives and co-creates new value with them.",
        "anchor_5_pl": "Buduje wspólną wizję z zarządem klienta i współtworzy z nim nową wartość.",
    },
    {
        "key": COLLABORATOR,
        "order": 4,
        "name_en": "Collaborator",
        "name_pl": "Integrator zespołu",
        "purpose_en": (
            "Builds the team inside our own company: bridges between departments, trust, and "
            "the right people brought in at the right time so the account gets our best."
        ),
        "purpose_pl": (
            "Buduje zespół wewnątrz naszej firmy: mosty między działami, zaufanie i "
            "właściwych ludzi we właściwym czasie, tak by konto dostało od nas to, co "
            "najlepsze."
        ),
        "missing_en": (
            "“Our people have to work together much better internally if we want to bring "
            "this client everything we can, and it is just not happening.”"
        ),
        "missing_pl": (
            "„Nasi ludzie muszą dużo lepiej współpracować wewnętrznie, jeśli mamy dać temu "
            "klientowi wszystko, co możemy, a tak się po prostu nie dzieje.”"
        ),
        "tips_en": (
            "About a third of account teams find internal collaboration hard, and 39 % find "
            "misaligned processes hard. The right person breaks those barriers: keep the "
            "internal blockers visible and give someone the job of clearing them."
        ),
        "tips_pl": (
            "Około jednej trzeciej zespołów uważa współpracę wewnętrzną za trudną, a 39 % "
            "za trudne uznaje niedopasowane procesy. Właściwa osoba przełamuje te bariery: "
            "trzymaj wewnętrzne blokady na widoku i powierz komuś ich usuwanie."
        ),
        "anchor_1_en": "Works alone; colleagues from other departments learn about the account too late.",
        "anchor_1_pl": "Działa w pojedynkę; koledzy z innych działów dowiadują się o koncie za późno.",
        "anchor_3_en": "Brings the right internal people in when asked and keeps them informed.",
        "anchor_3_pl": "Angażuje właściwe osoby z firmy, gdy trzeba, i informuje je na bieżąco.",
        "anchor_5_en": "Builds trust across departments, clears internal blockers and gets the best people on the account at the right time.",
        "anchor_5_pl": "Buduje zaufanie między działami, usuwa wewnętrzne blokady i we właściwym momencie sprowadza do konta najlepszych ludzi.",
    },
    {
        "key": TECHNICAL_EXPERT,
        "order": 5,
        "name_en": "Technical Expert",
        "name_pl": "Ekspert techniczny",
        "purpose_en": (
            "A specialist, analyst or engineer with the knowledge that matters to this "
            "client, who solves problems and can hold deep technical discussions with their "
            "technical evaluators."
        ),
        "purpose_pl": (
            "Specjalista, analityk lub inżynier z wiedzą ważną dla tego klienta, który "
            "rozwiązuje problemy i potrafi prowadzić pogłębione rozmowy techniczne z ich "
            "specjalistami oceniającymi rozwiązania."
        ),
        "missing_en": (
            "“The meeting was going well until their technical people threw in a few "
            "objections we could not answer.”"
        ),
        "missing_pl": (
            "„Spotkanie szło dobrze, dopóki ich technicy nie rzucili kilku zastrzeżeń, na "
            "które nie umieliśmy odpowiedzieć.”"
        ),
        "tips_en": (
            "Technical buyers reject ideas more readily than they help them grow, and often "
            "do it behind the scenes. Keep their concerns in a log with an owner and an "
            "answer, especially when the offering is new to the client."
        ),
        "tips_pl": (
            "Technicy po stronie klienta częściej odrzucają pomysły, niż pomagają im się "
            "rozwinąć, i często robią to za kulisami. Prowadź rejestr ich zastrzeżeń z "
            "właścicielem i odpowiedzią, zwłaszcza gdy oferta jest dla klienta nowa."
        ),
        "anchor_1_en": "Answers technical questions when pressed; objections often stay open.",
        "anchor_1_pl": "Odpowiada na pytania techniczne pod presją; zastrzeżenia często zostają bez odpowiedzi.",
        "anchor_3_en": "Holds sound technical discussions and resolves most concerns raised by the client’s specialists.",
        "anchor_3_pl": "Prowadzi rzetelne rozmowy techniczne i rozwiązuje większość zastrzeżeń specjalistów klienta.",
        "anchor_5_en": "Is the technical evaluators’ trusted peer, anticipates objections and turns them into support.",
        "anchor_5_pl": "Jest dla ewaluatorów technicznych zaufanym partnerem, przewiduje zastrzeżenia i zamienia je w poparcie.",
    },
    {
        "key": PROJECT_MANAGER,
        "order": 6,
        "name_en": "Project Manager",
        "name_pl": "Kierownik projektu",
        "purpose_en": (
            "Organises how revenue is won from the account: secures the resources needed, "
            "writes or helps write an actionable plan of the right detail, and tracks "
            "actions and results."
        ),
        "purpose_pl": (
            "Organizuje sposób zdobywania przychodu z konta: zapewnia potrzebne zasoby, "
            "pisze lub pomaga pisać wykonalny plan o właściwej szczegółowości i śledzi "
            "działania oraz wyniki."
        ),
        "missing_en": (
            "“We have not got to it yet. Who should do this? Is there a progress report? Why "
            "has there been no strategic account meeting for months? Why is the plan half "
            "done with no next steps?”"
        ),
        "missing_pl": (
            "„Jeszcze do tego nie doszliśmy. Kto powinien to zrobić? Czy jest raport z "
            "postępów? Dlaczego od miesięcy nie było spotkania w sprawie konta? Dlaczego plan "
            "jest gotowy w połowie i nie ma w nim kolejnych kroków?”"
        ),
        "tips_en": (
            "It is tempting to leave this role for later, yet it is the one that most "
            "separates top-performing account teams from the rest. Keep the plan alive in a "
            "short weekly review."
        ),
        "tips_pl": (
            "Kusi, by zostawić tę rolę na później, a to właśnie ona najbardziej odróżnia "
            "najlepsze zespoły od pozostałych. Utrzymuj plan przy życiu krótkim "
            "cotygodniowym przeglądem."
        ),
        "anchor_1_en": "There is no written plan, or it is out of date; actions have no owners or dates.",
        "anchor_1_pl": "Nie ma spisanego planu albo jest nieaktualny; działania nie mają właścicieli ani terminów.",
        "anchor_3_en": "Keeps a plan with owned, dated actions and holds regular account reviews.",
        "anchor_3_pl": "Prowadzi plan z działaniami, które mają właścicieli i terminy, oraz regularne przeglądy konta.",
        "anchor_5_en": "Runs the account like a programme: resources secured, a living plan reviewed weekly, progress reported without being asked.",
        "anchor_5_pl": "Prowadzi konto jak program: zasoby zapewnione, żywy plan przeglądany co tydzień, postępy raportowane bez przypominania.",
    },
]
