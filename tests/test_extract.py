"""kashf.extract: events, sides, counts, dates, places, records. All texts written for the tests."""

from __future__ import annotations

import pytest

import kashf
from kashf.extract import RECORD_COLUMNS, Report, extract
from kashf.extract.dates import parse_report_date
from kashf.extract.tolls import sentence_totals


def one(text: str, date: str | None = "2021-05-04") -> kashf.extract.Event:
    rep = extract(text, date=date, id="t")
    assert len(rep.events) == 1, [(e.event_type, e.sub_event_type, e.location) for e in rep.events]
    return rep.events[0]


# --- each ACLED event type ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "etype", "sub"),
    [
        (
            "اندلعت اشتباكات عنيفة بين قوات النظام وتنظيم داعش قرب مدينة تدمر.",
            "Battles",
            "Armed clash",
        ),
        (
            "سيطرت هيئة تحرير الشام على قرية جديدة في ريف إدلب الجنوبي بعد معارك.",
            "Battles",
            "Non-state actor overtakes territory",
        ),
        (
            "استعادت قوات النظام السيطرة على بلدة في ريف حماة الشمالي.",
            "Battles",
            "Government regains territory",
        ),
        (
            "شنت طائرات حربية روسية غارات على بلدة في ريف إدلب.",
            "Explosions/Remote violence",
            "Air/drone strike",
        ),
        (
            "قصفت قوات النظام بقذائف الهاون أطراف مدينة درعا.",
            "Explosions/Remote violence",
            "Shelling/artillery/missile attack",
        ),
        (
            "انفجرت عبوة ناسفة بسيارة لعناصر الأمن العسكري في ريف درعا الغربي.",
            "Explosions/Remote violence",
            "Remote explosive/landmine/IED",
        ),
        (
            "فجر انتحاري نفسه بحزام ناسف قرب حاجز لقسد في مدينة الحسكة.",
            "Explosions/Remote violence",
            "Suicide bomb",
        ),
        (
            "ألقى مجهولون قنبلة يدوية على منزل في مدينة درعا.",
            "Explosions/Remote violence",
            "Grenade",
        ),
        (
            "اتهم ناشطون قوات النظام بقصف بلدة بغاز الكلور في ريف حماة.",
            "Explosions/Remote violence",
            "Chemical weapon",
        ),
        ("اغتال مسلحون مجهولون مدنيا في بلدة الشيخ مسكين.", "Violence against civilians", "Attack"),
        (
            "اختطف مسلحون مجهولون طفلا من بلدة في ريف درعا الشرقي.",
            "Violence against civilians",
            "Abduction/forced disappearance",
        ),
        (
            "خرجت مظاهرة في مدينة إدلب للمطالبة بالإفراج عن المعتقلين.",
            "Protests",
            "Peaceful protest",
        ),
        ("فرقت قوات الأمن مظاهرة في مدينة السويداء.", "Protests", "Protest with intervention"),
        (
            "أطلقت قوات الأمن الرصاص الحي على مظاهرة في مدينة حمص ما أدى لمقتل متظاهرين.",
            "Protests",
            "Excessive force against protesters",
        ),
        ("اعتقلت قوات النظام ثلاثة شبان في مدينة درعا.", "Strategic developments", "Arrests"),
        (
            "أنشأ الجيش التركي نقطة عسكرية جديدة في ريف إدلب.",
            "Strategic developments",
            "Headquarters or base established",
        ),
        (
            "توصلت قسد والحكومة السورية إلى اتفاق في مدينة الحسكة.",
            "Strategic developments",
            "Agreement",
        ),
        (
            "أعلنت قوات الأمن تفكيك عبوة ناسفة في مدينة اللاذقية.",
            "Strategic developments",
            "Disrupted weapons use",
        ),
        (
            "انشق عشرة عناصر من قوات النظام في مدينة دير الزور.",
            "Strategic developments",
            "Change to group/activity",
        ),
        (
            "نهبت ميليشيات النظام منازل المدنيين في مدينة كفرنبل.",
            "Strategic developments",
            "Looting/property destruction",
        ),
        (
            "سيطرت قسد على قرية في ريف الرقة دون قتال بعد انسحاب الفصائل.",
            "Strategic developments",
            "Non-violent transfer of territory",
        ),
    ],
)
def test_event_types(text: str, etype: str, sub: str) -> None:
    rep = extract(text, date="2021-05-04")
    found = {(e.event_type, e.sub_event_type) for e in rep.events}
    assert (etype, sub) in found, found


def test_sides_agent_and_target() -> None:
    e = one("قصفت قوات النظام بلدة كفرنبل في ريف إدلب، ما أدى لمقتل مدنيين اثنين.")
    assert e.actor1 == "Military Forces of Syria" and e.inter1 == 1
    assert e.actor2 == "Civilians (Syria)" and e.inter2 == 7
    assert e.interaction == 17


def test_sub_unit_goes_to_assoc_actor() -> None:
    e = one("اشتبكت الفرقة الرابعة مع مسلحين مجهولين في مدينة درعا.")
    assert e.actor1 == "Military Forces of Syria"
    assert e.assoc_actor_1 == "4th Armoured Division"
    assert e.actor2 == "Unidentified Armed Group (Syria)"


def test_agent_after_min_qibal() -> None:
    e = one("قتل مدني برصاص قناص من قبل قسد في مدينة الرقة.")
    assert e.actor1 == "SDF: Syrian Democratic Forces"
    assert e.event_type == "Violence against civilians"
    assert e.fatalities == 1


def test_violence_against_civilians_when_target_is_civilian() -> None:
    e = one("هاجم مسلحون مجهولون امرأة في بلدة الشيخ مسكين.")
    assert e.event_type == "Violence against civilians"
    e2 = one("هاجم مسلحون مجهولون حاجزا لقوات النظام في بلدة الشيخ مسكين.")
    assert e2.event_type == "Battles"


def test_islamic_state_anaphor_needs_antecedent() -> None:
    e = one("هاجم تنظيم داعش مواقع لقوات النظام في البادية، وسيطر التنظيم على نقاط عدة.")
    assert e.actor1 == "Islamic State (Syria)"
    alone = extract("أصدر التنظيم بيانا جديدا.", date="2021-05-04")
    assert not [a for a in alone.entities if a.kind == "actor"]


def test_a_quoted_name_inside_a_longer_name_is_the_longer_name() -> None:
    e = one('اعتقل تنظيم "الدولة" خمسة رعاة في بادية حمص.')
    assert e.actor1 == "Islamic State (Syria)"
    e = one("اعتقلت قوات «قسد» ثلاثة شبان في مدينة الرقة.")
    assert e.actor1 == "SDF: Syrian Democratic Forces"


def test_a_military_base_is_not_al_qaeda() -> None:
    rep = extract("سقطت قذائف صاروخية على القاعدة العسكرية الروسية قرب جبلة.", date="2021-05-04")
    assert "Al Qaeda" not in {a.value for a in rep.entities if a.kind == "actor"}
    assert all("Al Qaeda" not in (e.actor1, e.actor2) for e in rep.events)
    e = one("هاجم تنظيم القاعدة حاجزا للجيش في ريف إدلب.")
    assert e.actor1 == "Al Qaeda"


def test_kafr_in_a_village_name_is_not_the_verb_farra() -> None:
    e = one("قصفت قوات النظام بلدة كفر تعال في ريف حلب الغربي.")
    assert e.sub_event_type == "Shelling/artillery/missile attack"
    assert e.location == "Kafr Taal"


def test_dual_pronoun_names_two_persons() -> None:
    e = one("قصفت طائرة مسيرة دراجة نارية تقل شابين على طريق عامودا فأدى القصف إلى مقتلهما.")
    assert e.fatalities == 2


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("استهدفت عبوة ناسفة سيارة لقوات النظام على طريق تدمر.", "Military Forces of Syria"),
        ("استهدف مجهولون نقطة لقوات النظام في ريف درعا الغربي.", "Military Forces of Syria"),
        ("انفجرت عبوة ناسفة بدورية لقسد في ريف دير الزور.", "SDF: Syrian Democratic Forces"),
    ],
)
def test_the_owner_of_an_attacked_position_is_the_target(text: str, owner: str) -> None:
    e = one(text)
    assert (e.actor1, e.actor2) == ("Unidentified Armed Group (Syria)", owner)


def test_the_owner_of_a_patrol_is_no_target_of_an_arrest() -> None:
    e = one("اعتقلت قسد ثمانية شبان في مدينة الطبقة خلال جولات لدوريات قسد في الأسواق.")
    assert (e.actor1, e.actor2) == ("SDF: Syrian Democratic Forces", "Civilians (Syria)")


def test_a_governorate_countryside_lead_and_a_town_countryside_detail_are_one_event() -> None:
    rep = extract(
        "قتل ثلاثة عناصر من قوات النظام في هجوم لتنظيم داعش على مواقعهم في ريف دير الزور "
        "الشرقي. وذكرت شبكة محلية أن الهجوم طال نقطة لقوات النظام في بادية الميادين.",
        date="2023-05-01",
    )
    assert len(rep.events) == 1, [(e.location, e.actor1) for e in rep.events]
    e = rep.events[0]
    assert (e.location, e.actor1, e.actor2, e.fatalities) == (
        "Al Mayadin", "Islamic State (Syria)", "Military Forces of Syria", 3)


def test_an_aircraft_that_only_flew_over_is_no_strike() -> None:
    rep = extract("شهدت أجواء مدينة إدلب تحليقا مكثفا للطيران الحربي الروسي صباح اليوم.",
                  date="2021-05-04")
    assert rep.events == ()
    e = one("قتل ثلاثة مدنيين بقصف طائرة مسيرة على بلدة سرمدا في ريف إدلب.")
    assert e.sub_event_type == "Air/drone strike"


def test_a_noun_and_its_adjectives_take_the_article_together() -> None:
    e = one("قتل مدنيان بغارة شنتها الطائرات الحربية الروسية على بلدة البارة.")
    assert e.actor1 == "Military Forces of Russia"


def test_a_number_given_later_replaces_the_guess_from_a_plural() -> None:
    e = one(
        "شنت المقاتلات الروسية غارات على ريف حماة الشمالي، ما أسفر عن سقوط قتلى من المدنيين. "
        "وقصفت المقاتلات الروسية سوقا في مدينة كفرزيتا فقتلت مدنيين اثنين."
    )
    assert (e.location, e.fatalities) == ("Kafr Zeita", 2)
    # Two numbers: the later, fuller count stands.
    e = one(
        "قتل عنصران من قوات النظام بهجوم على حاجز في بلدة الصنمين. وارتفعت حصيلة قتلى "
        "الهجوم على حاجز الصنمين إلى خمسة عناصر."
    )
    assert e.fatalities == 5


def test_the_civil_defence_is_no_civilian_counted() -> None:
    e = one(
        "قصفت قوات النظام بلدة كنصفرة ما أدى لسقوط قتلى وجرحى. وأفاد الدفاع المدني بمقتل "
        "مدنيين اثنين في القصف على كنصفرة."
    )
    assert e.fatalities == 2


def test_a_call_to_halt_the_fighting_is_no_fighting() -> None:
    assert extract("دعا وجهاء المنطقة إلى وقف المعارك بين قوات النظام وفصائل المعارضة في ريف درعا.",
                   date="2021-05-04").events == ()
    assert extract("طالب الأهالي بوقف القصف على بلدة كنصفرة.", date="2021-05-04").events == ()


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("اعتقل عناصر الحاجز شابين بتهمة الانتماء إلى تنظيم داعش قرب مدينة الرقة.",
         "Islamic State (Syria)"),
        ("اعتقلت دورية ثلاثة شبان في مناطق تسيطر عليها فصائل المعارضة قرب مدينة الباب.",
         "Opposition Rebels (Syria)"),
    ],
)  # fmt: skip
def test_a_charge_or_a_zone_of_control_names_no_side(text: str, named: str) -> None:
    rep = extract(text, date="2023-05-01")
    assert all(named not in (e.actor1, e.actor2) for e in rep.events), rep.events


@pytest.mark.parametrize(
    "text",
    [
        "قصفت قوات النظام بالمدفعية الثقيلة أطراف بلدات كنصفرة والبارة بريف إدلب الجنوبي.",
        "قصفت قوات النظام بلدة كنصفرة ومحيط مدينة أريحا.",
    ],
)
def test_each_town_of_a_list_is_its_own_event(text: str) -> None:
    rep = extract(text, date="2023-05-01")
    assert len(rep.events) == 2, [e.location for e in rep.events]
    assert rep.events[0].location == "Kansafra"


@pytest.mark.parametrize(
    ("text", "sub", "actor1"),
    [
        ("شنت الطائرات الروسية غارتين على بلدة كنصفرة.", "Air/drone strike",
         "Military Forces of Russia"),
        ("أصيب طفل بطلق ناري في مدينة جاسم.", "Attack", "Unidentified Armed Group (Syria)"),
        # Artillery named: shelling, whoever fires it (a bare قصف by a foreign force is read as
        # an air strike).
        ("قصفت المدفعية التركية قرية في ريف منبج.", "Shelling/artillery/missile attack",
         "Military Forces of Turkey"),
        ("قصفت القوات الروسية بالمدفعية بلدة كنصفرة.", "Shelling/artillery/missile attack",
         "Military Forces of Russia"),
    ],
)  # fmt: skip
def test_weapon_words(text: str, sub: str, actor1: str) -> None:
    e = one(text, date="2023-05-01")
    assert (e.sub_event_type, e.actor1) == (sub, actor1)


def test_weapons_deployed_or_a_football_defender_are_no_shelling() -> None:
    deployed = extract(
        "نشرت القوات التركية دبابات ومدافع ثقيلة في نقطتها قرب بلدة البارة.", date="2023-05-01"
    )
    assert all(e.event_type != "Explosions/Remote violence" for e in deployed.events)
    assert extract("سجل المدافع هدف الفوز لفريقه في مباراة الدوري.", date="2023-05-01").events == ()


def test_a_follow_up_toll_belongs_to_the_event_before_it() -> None:
    e = one("قصفت طائرة مسيرة تركية دراجة نارية على طريق عامودا. وأفادت مصادر طبية بمقتل "
            "شخصين كانا على الدراجة.", date="2023-05-01")
    assert e.fatalities == 2
    # A toll with a place of its own is not the earlier event's.
    rep = extract("قصفت قوات النظام بلدة كنصفرة صباح اليوم. وقتل ثلاثة أطفال في بلدة البارة "
                  "جراء انفجار لغم.", date="2023-05-01")
    assert [e.fatalities for e in rep.events] == [0, 3]


def test_where_the_attacker_sits_is_not_where_the_event_is() -> None:
    e = one("قصفت قوات النظام المتمركزة في بلدة خان شيخون قرية التمانعة بالمدفعية الثقيلة.")
    assert e.location == "Tamanaah"


def test_a_list_of_places_goes_on_past_its_locator() -> None:
    rep = extract(
        "قصفت قوات النظام قريتي معرشمارين وتلمنس شرق معرة النعمان، وقرى كفرسجنة وحيش "
        "والتمانعة في ريف إدلب الجنوبي.",
        date="2021-05-04",
    )
    assert [e.location for e in rep.events] == [
        "Maar Shamarin", "Telamnas", "Kafrsajna", "Heish", "Tamanaah"]
    # "إضافة إلى" adds to the list; it is no destination.
    rep = extract(
        "نفذت قسد حملة دهم في قرية الكرامة شرقي الرقة إضافة إلى قريتي المحمودلي وحزيمة.",
        date="2021-05-04",
    )
    assert [e.location for e in rep.events] == ["Karama", "Mahmudli", "Hazimeh"]


def test_where_the_kidnappers_come_from_is_not_where_it_happened() -> None:
    e = one("خطف مسلحون من بلدة الصنمين شابا في مدينة جاسم.")
    assert e.location == "Jasim"


def test_actor_name_depends_on_report_date() -> None:
    before = extract("اعتقلت جبهة النصرة ناشطا في إدلب.", date="2015-03-01")
    after = extract("اعتقلت جبهة النصرة ناشطا في إدلب.", date="2019-03-01")
    assert before.events[0].actor1 == "Jabhat al Nusra"
    assert after.events[0].actor1 == "HTS: Hayat Tahrir al Sham"


# --- counting rules ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        ("قتل ٣ عناصر من قوات النظام وجرح ٧ آخرون بهجوم لداعش في البادية.", 3, 7),
        ("لقي عنصرين من قسد حتفهم باشتباكات مع داعش في ريف دير الزور.", 2, None),
        ("قتل ثلاثة عشر عنصرا من قوات النظام باشتباكات مع داعش في البادية.", 13, None),
        ("قتل عدة عناصر من قوات النظام باشتباكات مع داعش في البادية.", 3, None),
        ("قتل عشرات العناصر من قوات النظام باشتباكات مع داعش في البادية.", 12, None),
        ("قتل وجرح 20 عنصرا من قوات النظام باشتباكات مع داعش في البادية.", 3, None),
        ("قتل 4 أشخاص بينهم طفلان بقصف لقوات النظام على مدينة إدلب.", 4, None),
        ("قصفت قوات النظام مدينة إدلب ما أسفر عن مقتل مدني وطفلين.", 3, None),
        ("قصفت قوات النظام مدينة إدلب ما أدى لإصابة خمسة مدنيين بجروح.", 0, 5),
        ("اشتبكت قسد مع داعش في الشحيل ما أدى لمقتل عنصر من قسد وعنصرين من داعش.", 3, None),
    ],
)
def test_counts(text: str, killed: int, injured: int | None) -> None:
    e = one(text)
    assert e.fatalities == killed
    assert e.injured == injured


def test_numbers_that_are_not_counts() -> None:
    e = one("اعتقلت قوات النظام ناشطا في مدينة درعا يوم 12 آذار 2021 قرب الفرقة 15.")
    assert e.fatalities == 0


def test_sentence_totals_prefer_explicit_figures() -> None:
    from kashf.extract.counts import CountMention

    cs = [
        CountMention(0, 1, 1, "killed", True),
        CountMention(2, 3, 4, "killed", False),
        CountMention(4, 5, 2, "killed", False),
    ]
    assert sentence_totals(cs) == {"killed": 6}


# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "iso", "precision"),
    [
        ("أمس", "2021-05-03", 1),
        ("فجر اليوم", "2021-05-04", 1),
        ("يوم الأحد", "2021-05-02", 1),
        ("الثلاثاء", "2021-05-04", 1),
        ("في 12 آذار 2021", "2021-03-12", 1),
        ("بتاريخ 2021/3/12", "2021-03-12", 1),
        ("منذ أيام", "2021-05-04", 2),
        ("الشهر الماضي", "2021-04-04", 3),
    ],
)
def test_dates(phrase: str, iso: str, precision: int) -> None:
    e = one(f"اعتقلت قوات النظام ناشطا في مدينة درعا {phrase}.", date="2021-05-04")
    assert (e.event_date, e.time_precision) == (iso, precision)


def test_no_date_anywhere() -> None:
    e = one("اعتقلت قوات النظام ناشطا في مدينة درعا.", date=None)
    assert e.event_date is None


def test_bad_report_date() -> None:
    with pytest.raises(ValueError):
        parse_report_date("May 2021")


# --- places (through the gazetteer) --------------------------------------------------------


def test_place_ambiguity_resolved_by_countryside() -> None:
    a = one("قصفت قوات النظام قرية الأسدية بريف الرقة.")
    b = one("قصفت قوات النظام قرية الأسدية بريف الحسكة.")
    assert a.admin1 == "Ar-Raqqa" and b.admin1 == "Al-Hasakeh"
    assert a.latitude is not None and a.longitude is not None


def test_several_places_several_events() -> None:
    rep = extract(
        "سيطرت هيئة تحرير الشام على بلدات كفرنبل وحاس ومعرة النعمان في ريف إدلب.", date="2019-01-10"
    )
    assert len(rep.events) == 3
    assert {e.admin1 for e in rep.events} == {"Idleb"}
    assert len({e.location for e in rep.events}) == 3


def test_repeated_mentions_are_one_event() -> None:
    rep = extract(
        "قتل عنصران من قسد باشتباكات مع داعش في مدينة الشحيل. "
        "وأفادت مصادر محلية أن الاشتباكات اندلعت بعد منتصف الليل وأسفرت عن مقتل العنصرين.",
        date="2020-01-01",
    )
    assert len(rep.events) == 1
    assert rep.events[0].fatalities == 2


def test_place_from_lead_when_sentence_has_none() -> None:
    rep = extract("شهدت مدينة جاسم توترا أمنيا. واعتقلت قوات النظام ثلاثة شبان.", date="2020-01-01")
    assert rep.events and rep.events[0].admin1 == "Dar'a"


# --- no event ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "فاز فريق الجيش على فريق الوحدة بثلاثة أهداف مقابل هدف في الدوري السوري اليوم.",
        "ارتفع سعر صرف الليرة السورية أمام الدولار في أسواق دمشق وحلب أمس.",
        "افتتحت وزارة الصحة حملة تلقيح ضد شلل الأطفال في جميع المحافظات.",
        "سجلت مديرية الصحة 20 إصابة جديدة بالكوليرا في ريف دير الزور.",
        "توفي شخصان في حادث سير على طريق حمص حماة.",
        "",
    ],
)
def test_no_event(text: str) -> None:
    assert extract(text, date="2022-02-02").events == ()


# --- obfuscated input (restore first) ------------------------------------------------------


def test_obfuscated_actor_is_restored_and_evidence_is_raw() -> None:
    raw = "قصفت قـ.ـوات النظام مدينة إدلب أمس."
    rep = extract(raw, date="2021-05-04")
    assert rep.events and rep.events[0].actor1 == "Military Forces of Syria"
    actor = next(x for x in rep.entities if x.kind == "actor")
    assert raw[actor.raw_start : actor.raw_end] == actor.text
    ev = rep.events[0].evidence
    assert raw[ev.start : ev.end] == ev.text
    assert "قـ.ـوات" in ev.text


# --- records ------------------------------------------------------------------------------


def test_records_and_dataframe() -> None:
    rep = extract("قصفت قوات النظام مدينة إدلب أمس.", date="2021-05-04", id="r1")
    assert isinstance(rep, Report) and rep.id == "r1"
    recs = rep.to_records()
    assert list(recs[0]) == list(RECORD_COLUMNS)
    assert recs[0]["id"] == "r1" and recs[0]["country"] == "Syria"
    assert 0.0 < recs[0]["confidence"] <= 1.0
    assert recs[0]["notes"].startswith(
        "Shelling/artillery/missile attack: Military Forces of Syria"
    )
    nested = rep.to_dicts()[0]
    assert set(nested["evidence"]) == {"start", "end", "text"}
    pd = pytest.importorskip("pandas")
    df = rep.to_dataframe()
    assert isinstance(df, pd.DataFrame) and list(df.columns) == list(RECORD_COLUMNS)


def test_top_level_delegates() -> None:
    rep = kashf.extract("قصفت قوات النظام مدينة إدلب أمس.", date="2021-05-04")
    assert rep.events[0].event_type == "Explosions/Remote violence"


def test_text_must_be_str() -> None:
    with pytest.raises(TypeError):
        extract(b"bytes")  # type: ignore[arg-type]
