"""Arms-transfer extraction on sentences written for these tests: voices, noun triggers, direction, traps."""

from __future__ import annotations

import pytest

from alerts.model import Article

from extraction_helpers import pairs, transfers


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("Germany delivered tanks to Ukraine.", ("DE", "UA")),
        ("Berlin sold howitzers to Kyiv last year.", ("DE", "UA")),
        ("Howitzers were delivered to Ukraine by Germany in March.", ("DE", "UA")),
        ("Syria received attack drones from Iran this spring.", ("IR", "SY")),
        ("Myanmar has taken delivery of Russian jets.", ("RU", "MM")),
        ("Tehran provided Moscow with hundreds of Shahed drones.", ("IR", "RU")),
        ("The Kremlin bought artillery shells from Pyongyang.", ("KP", "RU")),
        ("Officials tracked arms shipments from Iran to the Houthis.", ("IR", "houthis")),
        ("Belarus handed over 40 T-72 tanks to Russia.", ("BY", "RU")),
        ("North Korea sent Russia several KN-23 missiles.", ("KP", "RU")),
        ("The Pentagon announced a package of Stinger missiles and artillery rounds for Ukraine.", ("US", "UA")),
        ("India finalised the purchase of 26 Rafale jets from France.", ("FR", "IN")),
        ("The UAE supplied weapons that the Rapid Support Forces used in Darfur.", ("AE", "rsf")),
        ("The Rapid Support Forces fought with weapons supplied by the UAE.", ("AE", "rsf")),
        ("Israel intercepted a shipment of Iranian weapons bound for Hezbollah.", ("IR", "hezbollah")),
        ("Hamas fighters used rockets smuggled from Egypt.", ("EG", "hamas")),
        ("Saudi Arabia signed a deal to purchase air defence systems from the United States.", ("US", "SA")),
        ("Pyongyang is suspected of shipping artillery rounds to Russia by rail.", ("KP", "RU")),
        ("Tehran rejected claims that it had sent ballistic missiles to Moscow.", ("IR", "RU")),
        ("Venezuela's defence minister said the country would receive Iranian drones.", ("IR", "VE")),
        ("India is the largest buyer of Russian weapons.", ("RU", "IN")),
        ("Russia has become the main arms supplier to Myanmar.", ("RU", "MM")),
        ("Russia has turned to Iran as a partner and supplier of weapons.", ("IR", "RU")),
        ("Germany is Ukraine's second-largest supplier of weapons.", ("DE", "UA")),
        ("Greek customs seized Russia-bound artillery shells from Iran.", ("IR", "RU")),
        ("Russia accounted for 36 percent of India's arms imports.", ("RU", "IN")),
        ("Russia's arms exports to India fell sharply.", ("RU", "IN")),
        ("The first batch of Iranian Fateh-110 missiles arrived in Russia.", ("IR", "RU")),
        ("Pakistan took delivery of the first J-10C fighters from China.", ("CN", "PK")),
        ("Kyiv asked Berlin for cruise missiles, but Germany refused to supply them.", ("DE", "UA")),
        ("Pyongyang provided Moscow with a shipment of artillery shells.", ("KP", "RU")),
    ],
)
def test_transfer_direction(extractor, text, pair):
    assert pair in pairs(extractor, text)


def test_people_arriving_are_no_transfer(extractor):
    text = "The Iranian defence minister arrived in Moscow with a delegation of drone experts."
    assert transfers(extractor, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Egypt has stepped up efforts to combat the smuggling of rifles to Hamas.",
        "The new measures aim to curb the flow of weapons from Iran into Yemen.",
        "London vowed to prevent third countries from supplying drones to Russia.",
        "The new rules are meant to curtail the export of German-made engines for drones to Iran.",
    ],
)
def test_transfers_someone_sets_out_to_counter_are_no_event(extractor, text):
    assert transfers(extractor, text) == []


def test_a_failed_countering_leaves_the_transfer(extractor):
    found = transfers(extractor, "Cairo failed to prevent Sudanese traders from selling rifles to Libya.")
    assert found and all(i.fields["recipient"] == "LY" for i in found)


def test_the_possessor_of_allies_is_not_the_supplier(extractor):
    assert ("UA", None) not in pairs(extractor, "Ukraine's allies pledged more Leopard 2 tanks.")


def test_weapon_use_tells_of_a_transfer_only_when_the_weapon_has_another_origin(extractor):
    assert pairs(extractor, "Russia fired North Korean missiles at Kharkiv overnight.") == {("KP", "RU")}
    assert pairs(extractor, "Russia's use of Iranian drones drew condemnation.") == {("IR", "RU")}
    assert pairs(extractor, "Russian troops attacked Kharkiv with Iranian-made drones.") == {("IR", "RU")}
    assert transfers(extractor, "Russia fired missiles at Kyiv overnight.") == []


@pytest.mark.parametrize(
    "text",
    [
        "The company shipped its new phone to customers in Germany.",
        "The league sanctioned the player after the match.",
        "He scored a goal like a missile from thirty metres.",
        "A cargo ship ran aground off the coast of Egypt.",
        "Russia fired missiles at Kyiv on Tuesday.",
        "Argentina agreed to sell wheat to Mexico, with the first shipment delivered in December.",
        "South Korea exported memory chips and electronic components to China last quarter.",
        "Airbus delivered 30 jets to China Eastern Airlines in March.",
        "Think tanks in Washington sent a report on Iran to Congress.",
        "Investors pulled out of shell companies linked to Russia.",
        "Airlines in India received 30 new jets from Airbus.",
        "Russia sent warships to Cuba for a port call.",
        "Ukraine's military said Russia launched 50 drones overnight.",
        "Manchester United completed the transfer of the defender from Ajax.",
    ],
)
def test_words_in_other_senses_give_no_indicator(extractor, text):
    assert extractor.extract(Article(id="t", text=text)) == []


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("Pyongyang delivered shells to Moscow in August.", "asserted"),
        ("Pyongyang reportedly delivered shells to Moscow in August.", "alleged"),
        ("Washington accused Pyongyang of delivering shells to Moscow.", "alleged"),
        ("Pyongyang will supply shells to Moscow next year.", "planned"),
        ("Pyongyang agreed to send shells to Moscow.", "planned"),
        ("Pyongyang could have agreed to send shells to Moscow.", "speculative"),
        ("Pyongyang may supply shells to Moscow.", "speculative"),
        ("Pyongyang denied supplying shells to Moscow.", "denied"),
        ("Pyongyang said it had not sent any shells to Moscow.", "denied"),
        ("There is no evidence that Pyongyang sent shells to Moscow.", "denied"),
        ("Pyongyang pledged more shells to Moscow.", "planned"),
        ("Pyongyang is expected to deliver shells to Moscow.", "planned"),
        ("Pyongyang is believed to have delivered shells to Moscow.", "alleged"),
        ("Inspectors may soon examine the shells that Pyongyang delivered to Moscow.", "asserted"),
        ("Moscow requested more deliveries of shells from Pyongyang.", "speculative"),  # a request, no deal yet
        ("Moscow wants Pyongyang to agree to send more shells.", "speculative"),
        ("Pyongyang does not plan any further ammunition deliveries to Moscow.", "denied"),
        ("It is unclear whether Pyongyang delivered shells to Moscow.", "speculative"),
        ("Pyongyang did not deny that it had delivered shells to Moscow.", "asserted"),
    ],
)
def test_modality_cues(extractor, text, modality):
    found = [i for i in transfers(extractor, text) if (i.fields["supplier"], i.fields["recipient"]) == ("KP", "RU")]
    assert [i.modality for i in found] == [modality]


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("According to the Financial Times, Iran shipped drones to Russia.", "Financial Times"),
        ("The United States said Iran shipped drones to Russia.", "US"),
        ("Iran shipped drones to Russia, Reuters reported.", "Reuters"),
        ("Iran shipped drones to Russia, three sources told Reuters.", "Reuters"),
        ("Iran shipped drones to Russia.", None),
    ],
)
def test_attribution(extractor, text, source):
    found = transfers(extractor, text)
    assert found and found[0].attribution == source


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("Iran shipped drones to Sudan, two Western officials said on condition of anonymity.", "alleged"),
        ("Iran shipped drones to Sudan, sources familiar with the matter said.", "alleged"),
        ("Iran shipped drones to Sudan, U.S. officials said.", "asserted"),
        ("Iran is reported to have shipped drones to Sudan.", "alleged"),
        ("Iran is believed to have shipped drones to Sudan.", "alleged"),
    ],
)
def test_unnamed_sources_make_a_claim_alleged(extractor, text, modality):
    found = transfers(extractor, text)
    assert [i.modality for i in found] == [modality]


@pytest.mark.parametrize(
    ("text", "categories"),
    [
        ("Russia delivered S-400 systems to India.", {"air_defense"}),
        ("Washington approved the sale of a THAAD system to Riyadh.", {"air_defense", "missiles"}),
        ("Beijing delivered surface-to-air missile systems to Belgrade.", {"air_defense", "missiles"}),
        ("Tehran has smuggled rockets to Hamas.", {"artillery_ammunition", "missiles"}),
        ("Moscow delivered Grad rockets to Minsk.", {"artillery_ammunition"}),
        ("Russia has supplied jet fighters to the junta in Myanmar.", {"aircraft"}),
        ("Madrid plans to sell military ships to Caracas.", {"naval"}),
        ("Pyongyang sold rocket-propelled grenades to Cairo.", {"small_arms"}),
        ("Germany sent Leopard tanks and Patriot batteries to Ukraine.", {"armored_vehicles", "air_defense"}),
        ("The US shipped HIMARS and Javelin missiles to Ukraine.", {"artillery_ammunition", "anti_tank_missiles"}),
        ("China supplied machine tools and components to Russia's military plants.", {"dual_use"}),
        ("Russia sold Su-30 fighter jets to Myanmar.", {"aircraft"}),
        ("North Korea sent Koksan guns and KN-23 missiles to Russia.", {"artillery_ammunition", "missiles"}),
        ("Britain delivered Storm Shadow missiles and Challenger tanks to Ukraine.", {"missiles", "armored_vehicles"}),
        ("The US sent M113 carriers, MRAPs and Stinger missiles to Ukraine.", {"armored_vehicles", "air_defense"}),
        ("Iran supplied military equipment to Sudan.", {"military_equipment_unspecified"}),
        ("Russia gave Iran satellite technology.", {"space_satellite"}),
        ("The United States will provide nuclear-powered submarine technology to Australia.", {"naval", "nuclear"}),
        ("Belarus sent arms to Russia.", {"military_equipment_unspecified"}),
        ("Sweden will deliver 40 heavy CV-90 fighting vehicles to Slovakia.", {"armored_vehicles"}),
    ],
)
def test_weapon_categories(extractor, text, categories):
    found = transfers(extractor, text)
    assert found and set(found[0].fields["weapon_categories"]) == categories


def test_quantity_items_and_transport(extractor):
    text = "Belarus sent 20 T-72 tanks to Russia by rail in October."
    (found,) = transfers(extractor, text)
    assert found.fields["quantity"] == "20 T-72 tanks"
    assert found.fields["items"] == "T-72 tanks"
    assert found.fields["mode_of_transport"] == ["rail"]


def test_news_about_a_transfer_that_the_article_reports_denied_is_not_a_separate_allegation(extractor):
    text = (
        "Minsk said on Friday that it had not sent any tanks to Russia.\n\n"
        '"The reports about Belarus sending tanks to Russia are fabricated," the ministry said.'
    )
    found = transfers(extractor, text)
    assert {(i.fields["supplier"], i.fields["recipient"], i.modality) for i in found} == {("BY", "RU", "denied")}


def test_an_authors_report_beside_the_denial_stays_an_allegation(extractor):
    authored = (
        "Minsk denied sending drones to Moscow. Minsk rejected a Reuters report that cited a Western official "
        "claiming that Minsk had provided drones to Moscow."
    )
    found = transfers(extractor, authored)
    assert {(i.fields["supplier"], i.fields["recipient"], i.modality) for i in found} == {
        ("BY", "RU", "denied"),
        ("BY", "RU", "alleged"),
    }
    unauthored = (
        "Minsk denied sending drones to Moscow. The news about Minsk providing drones to Moscow has political "
        "aims, the spokesman added."
    )
    assert {i.modality for i in transfers(extractor, unauthored)} == {"denied"}


def test_a_generic_weapons_claim_gives_way_to_the_specific_one(extractor):
    text = "Iran sent drones to Russia in May. Iran also sent weapons to Russia, officials in Kyiv said."
    found = transfers(extractor, text)
    assert [i.fields["weapon_categories"] for i in found] == [["drones"]]


def test_the_running_story_supplies_an_implicit_side(extractor):
    text = (
        "The navy seized Iranian rifles bound for the Houthis on Monday. "
        "The cache, which also included Iranian surface-to-air missiles, was seized in the Red Sea."
    )
    found = transfers(extractor, text)
    assert [(i.fields["supplier"], i.fields["recipient"]) for i in found] == [("IR", "houthis")] * 2
    assert found[1].fields["weapon_categories"] == ["air_defense"]


def test_a_side_named_as_no_party_is_not_filled_in(extractor):
    text = "Russia is a close partner of Iran. Iran says it may export weapons to any country it chooses."
    assert pairs(extractor, text) == {("IR", None)}


def test_a_later_transfer_completes_an_earlier_one_sided_shipment(extractor):
    text = (
        "The shipment, which included 20 SA-7 missiles, was intended for the Houthis.\n\n"
        "Officials said Iran had sent the missiles to the Houthis by sea."
    )
    found = transfers(extractor, text)
    assert [(i.fields["supplier"], i.fields["recipient"], i.modality) for i in found] == [
        ("IR", "houthis", "asserted"),
        ("IR", "houthis", "asserted"),
    ]


def test_goods_that_came_from_a_party_and_a_denial_of_it(extractor):
    text = (
        "Officials said the cargo of Libyan arms was consigned to the IRA.\n\n"
        "Libya's ambassador denied that the arms came from Libya."
    )
    claims = {(i.fields["supplier"], i.fields["recipient"], i.modality) for i in transfers(extractor, text)}
    assert claims == {("LY", "ira", "asserted"), ("LY", "ira", "denied")}


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("Cairo signed a contract with Paris for 30 Rafale jets.", ("FR", "EG", "planned")),
        ("Hanoi and Moscow signed the deal for four S-400 batteries.", ("RU", "VN", "planned")),
        (
            "The German arms maker Rheinmetall signed a contract with Hungary for 200 infantry fighting vehicles.",
            ("rheinmetall", "HU", "planned"),
        ),
    ],
)
def test_a_deal_for_goods_is_an_order_of_the_subject_from_the_other_side(extractor, text, claim):
    """transfer.deal_for_goods: the maker of the goods sells when it is one of the sides; else the party the deal
    is made with, unless the subject is a firm dealing with a state."""
    assert claim in {(i.fields["supplier"], i.fields["recipient"], i.modality) for i in transfers(extractor, text)}


@pytest.mark.parametrize(
    "text",
    [
        "Germany has imposed penalties on a Hong Kong network for helping Iran's efforts to buy drone engines.",
        "Australia said this week that front companies had helped the Houthis obtain missile parts.",
        "France has threatened sanctions if Egypt purchases the fighter jets.",
    ],
)
def test_a_buyer_s_seller_is_not_the_party_named_just_before(extractor, text):
    """The party named before a purchase is mostly the one that sanctions, reports or warns of it: the seller
    stays open rather than being taken from there."""
    assert {supplier for supplier, _ in pairs(extractor, text)} == {None}


@pytest.mark.parametrize(
    "text",
    [
        "Saudi Arabia announced its interception of Iranian rifles bound for the Houthis.",
        "Egypt's seizure of Iranian rifles bound for the Houthis was announced on Sunday.",
    ],
)
def test_the_owner_of_a_seizure_is_no_party(extractor, text):
    assert pairs(extractor, text) == {("IR", "houthis")}


def test_an_offer_in_exchange_for_goods_is_a_transfer_each_way(extractor):
    """The goods named after "in exchange for" go the other way, for an offer as for a delivery."""
    text = "Russia has offered Iran fighter jets in exchange for ballistic missiles."
    assert pairs(extractor, text) == {("RU", "IR"), ("IR", "RU")}


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("Kyiv appealed to Berlin to send more tanks.", ("DE", "UA")),
        ("Beijing called on Washington to stop selling arms to Taiwan.", ("US", "TW")),
        ("The Houthis rely on Iran to supply drones.", ("IR", "houthis")),
    ],
)
def test_the_one_asked_to_supply_is_the_supplier(extractor, text, pair):
    assert pairs(extractor, text) == {pair}


@pytest.mark.parametrize(
    "text",
    [
        "The rifles were hidden under sacks of flour, photos provided by the Iraqi border police show.",
        "In this picture obtained from the Egyptian news agency, soldiers load missiles onto a launcher in Sinai.",
    ],
)
def test_a_participle_on_another_noun_does_not_take_the_sentence_s_weapons(extractor, text):
    """ "photos provided by", "a picture obtained from": the noun is what was given or got."""
    assert transfers(extractor, text) == []


def test_a_container_sent_somewhere_carries_the_weapons_in_it(extractor):
    assert pairs(extractor, "Police found rifles in a shipping container sent from Turkey to Libya.") == {("TR", "LY")}


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        (
            "The M23 rebels seized Goma in January. Rwanda provided the rebels with weapons and uniforms, the UN "
            "experts said.",
            ("RW", "m23"),
        ),
        (
            "Sudan's RSF has been fighting the army since 2023. The UAE supplied the paramilitaries with drones, "
            "the panel found.",
            ("AE", "rsf"),
        ),
    ],
)
def test_a_group_supplied_with_goods_is_the_group_the_article_names(extractor, text, pair):
    assert pair in pairs(extractor, text)


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("A US-sanctioned Chinese firm shipped drones to Russia.", ("CN", "RU")),
        ("The EU-sanctioned Iranian airline flew missiles to Russia.", ("IR", "RU")),
        ("A U.S.-sanctioned Russian ship delivered military equipment to South Africa.", ("RU", "ZA")),
    ],
)
def test_who_sanctions_the_supplier_is_not_a_supplier(extractor, text, pair):
    assert pairs(extractor, text) == {pair}


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("Washington pressed India about plans to buy Russian S-400 systems.", ("RU", "IN")),
        ("The US warned the Turkish government over a plan to purchase Russian fighter jets.", ("RU", "TR")),
    ],
)
def test_the_one_warned_over_a_plan_has_the_plan(extractor, text, pair):
    assert pairs(extractor, text) == {pair}


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("The US had warned Serbia that it should not buy the Chinese air defence system.", ("CN", "RS")),
        ("Israel warned Iran that it would pay for the drones it sold to Russia.", ("IR", "RU")),
    ],
)
def test_it_after_warning_someone_is_the_one_warned(extractor, text, pair):
    assert pairs(extractor, text) == {pair}


def test_its_right_after_a_party_is_that_party_s(extractor):
    """A possessive pronoun a few words after a party of its clause is that party's, not the speaker's."""
    text = "Washington says it will weigh penalties against Turkey for its purchase of Russian missiles."
    assert pairs(extractor, text) == {("RU", "TR")}


def test_it_opening_a_sentence_continues_the_subject_before(extractor):
    """ "Hungary, a close Russian partner, ...": the demonym in the apposition is named last, but "It" opening the
    next sentence is Hungary."""
    text = "Hungary, a close Russian partner, ordered the tanks in 2021. It had received Chinese drones a year before."
    found = pairs(extractor, text)
    assert ("CN", "HU") in found
    assert ("CN", "RU") not in found


def test_the_maker_of_what_parts_are_for_does_not_supply_them(extractor):
    """ "components for Iranian-designed drones": Iran makes the drones, not the components shipped for them."""
    text = "Investigators say front companies shipped engine components for Iranian-designed Shahed drones to Russia."
    assert pairs(extractor, text) == {(None, "RU")}


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        (
            "Washington says it will weigh penalties against Turkey for its purchase of Russian missiles.",
            "possessive_owner",
        ),
        ("The US had warned Serbia that it should not buy the Chinese air defence system.", "warned_addressee"),
        (
            "Hungary, a close Russian partner, ordered the tanks in 2021. It had received Chinese drones a year before.",
            "previous_subject",
        ),
    ],
)
def test_a_pronoun_read_by_its_sentence_names_the_rule(extractor, text, rule):
    assert any(f"party.{rule}" in i.heuristics for i in transfers(extractor, text))


def test_who_helps_a_buyer_get_goods_supplies_them(extractor):
    text = "A ring of Turkish trading firms helped Iran acquire drone engines, officials said."
    assert pairs(extractor, text) == {("TR", "IR")}
