"""Realistic, invented names for demo people, companies and business units."""

from __future__ import annotations

import random
import re
import unicodedata

from faker import Faker

from hexad.demo import vocabulary as v

ASCII_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "æ": "ae", "ß": "ss"})


def _faker(locale: str, rng: random.Random) -> Faker:
    fake = Faker(locale)
    fake.seed_instance(rng.getrandbits(32))
    return fake


def email_local_part(first: str, last: str) -> str:
    """`Łucja Żak-Nowak` -> `lucja.zak-nowak`."""
    text = f"{first}.{last}".translate(ASCII_FOLD)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z.\-]", "", text.lower())


class PersonNamer:
    """Names of our people: mostly Polish, some British colleagues."""

    def __init__(self, rng: random.Random, *, english_share: float = 0.2) -> None:
        self.rng = rng
        self.english_share = english_share
        self.polish = _faker("pl_PL", rng)
        self.english = _faker("en_GB", rng)
        self.taken: set[str] = set()

    def name(self) -> tuple[str, str]:
        """A first and last name not handed out before."""
        while True:
            female = self.rng.random() < 0.45
            if self.rng.random() < self.english_share:
                fake = self.english
                first = fake.first_name_female() if female else fake.first_name_male()
                last = fake.last_name()
            else:
                fake = self.polish
                first = fake.first_name_female() if female else fake.first_name_male()
                last = fake.last_name_female() if female else fake.last_name_male()
            if f"{first} {last}" not in self.taken:
                self.taken.add(f"{first} {last}")
                return first, last


class CompanyNamer:
    """Client company names: invented brands with local legal forms, never repeated."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.polish = _faker("pl_PL", rng)
        self.english = _faker("en_GB", rng)
        self.taken: set[str] = set()
        self.brands: set[str] = set()

    def polish_city(self) -> str:
        return str(self.polish.city())

    def brand(self) -> str:
        """An invented brand such as "Ferrotex", not used by another client."""
        for attempt in range(1000):
            name = self.rng.choice(v.BRAND_HEADS) + self.rng.choice(v.BRAND_TAILS)
            if attempt > 50:
                name += self.rng.choice(("ia", "on", "is", "ex", "an", "or"))
            if attempt > 200:
                name = self.rng.choice(v.BRAND_HEADS) + name.lower()
            lowered = name.lower()
            if lowered in self.brands or any(word in lowered for word in v.BRAND_BLOCKLIST):
                continue
            self.brands.add(lowered)
            return name
        raise RuntimeError("Ran out of invented brand names.")

    def _legal_form(self, country: str) -> str:
        if country == "PL":
            return self.rng.choices(("S.A.", "sp. z o.o.", "sp.k.", "sp.j."), (40, 50, 5, 5))[0]
        return self.rng.choice(v.COUNTRIES[country][3])

    def _industry_word(self, country: str, industry: str) -> str:
        _weight, polish, english, german = v.INDUSTRIES[industry]
        if country == "PL":
            return polish
        return german if country in v.GERMAN_WORDS else english

    def _unique(self, candidate: str) -> str | None:
        if candidate in self.taken:
            return None
        self.taken.add(candidate)
        return candidate

    def account(self, *, country: str, industry: str) -> str:
        """A standalone client in `country` working in `industry`."""
        while True:
            name = self._unique(self._candidate(country, industry))
            if name:
                return name

    def _candidate(self, country: str, industry: str) -> str:
        rng = self.rng
        form = self._legal_form(country)
        word = self._industry_word(country, industry)
        if country != "PL":
            pick = rng.random()
            if country in v.ENGLISH_SURNAMES and pick < 0.35:
                return f"{self.english.last_name()} {word} {form}"
            if pick < 0.55:
                return f"{self.brand()} {word} {form}"
            return f"{self.brand()} {form}"
        if industry == "public" and rng.random() < 0.7:
            return rng.choice(v.PUBLIC_BODIES).format(city=self.polish_city())
        pick = rng.random()
        if pick < 0.10 and industry in v.PLANT_ADJECTIVES:
            return f"Zakłady {v.PLANT_ADJECTIVES[industry]} {self.polish_city()} S.A."
        if pick < 0.25:
            return f"{self.polish.last_name_male()} {word} {form}"
        if pick < 0.35:
            return f"{self.brand()} {self.brand()} {form}"
        if pick < 0.40:
            return f"{self.brand()} Polska sp. z o.o."
        if pick < 0.65:
            return f"{self.brand()} {word} {form}"
        return f"{self.brand()} {form}"

    def group(self, *, country: str) -> tuple[str, str]:
        """A group holding: its brand and its name."""
        while True:
            brand = self.brand()
            if country == "PL":
                candidate = f"Grupa {brand} S.A."
            else:
                holding = self.rng.choice(("Group", "Holding"))
                candidate = f"{brand} {holding} {self._legal_form(country)}"
            name = self._unique(candidate)
            if name:
                return brand, name

    def subsidiary(self, *, brand: str, country: str, industry: str) -> str:
        """A company of the `brand` group in `country`."""
        local = v.COUNTRIES[country][2]
        for attempt in range(100):
            if country == "PL":
                word = (
                    self._industry_word(country, industry) if attempt == 0 else (self.polish_city())
                )
                candidate = f"{brand} {word} sp. z o.o."
            else:
                suffix = "" if attempt == 0 else f" {self.rng.choice(v.COUNTRIES[country][4])}"
                candidate = f"{brand} {local}{suffix} {self._legal_form(country)}"
            name = self._unique(candidate)
            if name:
                return name
        return self.account(country=country, industry=industry)

    def business_units(self, *, country: str, industry: str, count: int) -> list[str]:
        """`count` distinct buying centres for a client."""
        rng = self.rng
        pool = list(v.BUSINESS_FUNCTIONS)
        cities = v.COUNTRIES[country][4] or tuple(self.polish_city() for _ in range(8))
        if industry in v.PLANT_INDUSTRIES:
            pool += [f"Plant {city}" for city in cities]
        elif industry in v.SITE_WORDS:
            if industry == "retail" and country == "PL":
                pool += [f"Region {region}" for region in v.POLISH_REGIONS]
            else:
                pool += [f"{v.SITE_WORDS[industry]} {city}" for city in cities]
        abroad = [code for code in v.COUNTRY_NAMES_EN if code != country]
        pool += [f"Country unit {v.COUNTRY_NAMES_EN[code]}" for code in rng.sample(abroad, 3)]
        unique = list(dict.fromkeys(pool))
        return rng.sample(unique, min(count, len(unique)))
