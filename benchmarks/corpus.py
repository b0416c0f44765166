"""A synthetic, reproducible news-like corpus for throughput benchmarks.

Most articles are about markets, sport, weather and local politics; a few percent tell of arms transfers,
sanctions or military cooperation, as in a real news feed. Sentences are drawn from templates with a seeded
random generator, so two runs measure the same text.
"""

from __future__ import annotations

import random

from alerts.model import Article

_FILLER = [
    "Shares in {company} rose {n} percent on {day} after the company reported stronger quarterly sales.",
    "The central bank kept interest rates at {n} percent, citing slowing inflation and a resilient labour market.",
    "{city} will host the regional football final on {day}, and tickets sold out within hours.",
    "Heavy rain is expected across the north of the country until {day}, forecasters said.",
    "The city council approved a budget of {n} million for new bus lanes and school repairs.",
    "{company} said it would open {n} new stores next year and hire more than {n}00 staff.",
    "The striker scored twice as {city} beat their rivals {n}-1 in front of a crowd of {n},000.",
    "Analysts said consumer confidence improved for the {n}th month in a row.",
    "The festival drew {n},000 visitors to the old town over the weekend, organisers said.",
    "Officials in {city} opened a new hospital wing with {n}0 beds on {day}.",
    # Words of the trade in other senses: they reach the full pipeline past the prefilter, as in real news.
    "{company} shipped {n} million phones in the quarter and expects supply problems to ease.",
    "The league sanctioned the club after fans threw flares, and the coach delivered an angry speech.",
    "The minister will visit {city} on {day} to discuss cooperation on rail freight and tourism.",
    "His shot flew into the top corner like a missile, and the crowd in {city} erupted.",
    "A cargo ship ran aground near the port of {city}, and its containers were transferred to barges.",
    "The minister said the reform would cut waiting times at clinics by a third.",
    "Farmers warned that the dry summer could reduce the wheat harvest by {n} percent.",
]
_RELEVANT = [
    "{a} has delivered {n} {weapon} to {b}, according to officials in {capital}.",
    "{a} reportedly shipped {weapon} to {b} by sea last month, a monitoring group said.",
    "{a} and {b} signed an agreement on military cooperation on {day}.",
    "The {regime} imposed sanctions on companies accused of supplying {weapon} to {b}.",
    "{a} denied supplying {weapon} to {b}.",
    "{a} could have agreed to send {weapon} to {b} in exchange for fuel, officials said.",
]
_COMPANIES = ["Northwind", "Acme Foods", "Helios Energy", "Blue Harbour Bank", "Orion Telecom"]
_CITIES = ["Lyon", "Porto", "Leeds", "Graz", "Turin", "Ghent"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
_STATES = [
    ("Iran", "Tehran"),
    ("Russia", "Moscow"),
    ("North Korea", "Pyongyang"),
    ("Belarus", "Minsk"),
    ("China", "Beijing"),
    ("Syria", "Damascus"),
]
_WEAPONS = [
    "artillery shells",
    "attack drones",
    "anti-tank missiles",
    "ballistic missiles",
    "rifles",
    "air defence systems",
]
_REGIMES = ["European Union", "United States", "UN Security Council"]


def _fill(template: str, rng: random.Random) -> str:
    (a, capital), (b, _) = rng.sample(_STATES, 2)
    return template.format(
        company=rng.choice(_COMPANIES),
        city=rng.choice(_CITIES),
        day=rng.choice(_DAYS),
        n=rng.randint(2, 9),
        a=a,
        b=b,
        capital=capital,
        weapon=rng.choice(_WEAPONS),
        regime=rng.choice(_REGIMES),
    )


def generate(count: int = 3000, relevant_share: float = 0.04, seed: int = 7) -> list[Article]:
    """`count` articles of about 250-700 words; `relevant_share` of them carry arms or sanctions sentences."""
    rng = random.Random(seed)
    articles = []
    for number in range(count):
        sentences = [_fill(rng.choice(_FILLER), rng) for _ in range(rng.randint(12, 35))]
        if rng.random() < relevant_share:
            for _ in range(rng.randint(1, 3)):
                sentences.insert(rng.randrange(len(sentences)), _fill(rng.choice(_RELEVANT), rng))
        paragraphs = [" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]
        articles.append(
            Article(id=f"bench-{number:05d}", title=f"Bench article {number}", text="\n\n".join(paragraphs))
        )
    return articles
