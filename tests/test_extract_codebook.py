"""ACLED codebook rules in kashf.extract: who did it, how many died, when two mentions are one
event, and what is no event at all. Every text here was written for these tests."""

from __future__ import annotations

import pytest

from kashf.extract import Event, extract


def events(text: str, date: str | None = "2021-05-04") -> list[Event]:
    return list(extract(text, date=date, id="t").events)


def one(text: str, date: str | None = "2021-05-04") -> Event:
    evs = events(text, date)
    assert len(evs) == 1, [(e.event_type, e.sub_event_type, e.actor1, e.location) for e in evs]
    return evs[0]


# --- sides -------------------------------------------------------------------------------


def test_weapon_inside_the_actor_name_makes_it_the_attacker() -> None:
    e = one("قصفت طائرات حربية روسية أطراف بلدة في ريف حماة الشمالي صباح اليوم.")
    assert e.sub_event_type == "Air/drone strike"
    assert e.actor1 == "Military Forces of Russia"


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("نفذت غارات جوية تركية على مواقع قرب الحدود فجر اليوم.", "Military Forces of Turkey"),
        ("وقع قصف جوي إسرائيلي على مستودع قرب العاصمة مساء أمس.", "Military Forces of Israel"),
    ],
)
def test_nationality_adjective_right_after_the_strike_names_the_attacker(
    text: str, actor: str
) -> None:
    assert one(text).actor1 == actor


def test_nationality_adjective_of_a_victim_names_no_attacker() -> None:
    e = one("قتل جندي تركي في هجوم شنه مسلحون مجهولون قرب نقطة عسكرية.")
    assert e.actor1 == "Unidentified Armed Group (Syria)"
    assert e.actor1 != "Military Forces of Turkey"


def test_quotation_marks_do_not_hide_a_victims_side() -> None:
    e = one("قتل عنصر من فرع “المخابرات الجوية” بانفجار عبوة ناسفة على طريق زراعي.")
    assert e.sub_event_type == "Remote explosive/landmine/IED"
    assert e.actor1 == "Unidentified Armed Group (Syria)"
    assert e.actor2 == "Military Forces of Syria"


def test_quoted_group_after_a_source_is_no_side() -> None:
    evs = events('قالت مصادر مقربة من قوات "قسد" إن سيارة انفجرت في سوق شعبي مساء أمس.')
    assert all(e.actor1 != "SDF: Syrian Democratic Forces" for e in evs)


def test_subject_after_a_reported_that_is_not_a_source() -> None:
    e = one("وذكرت الصحيفة أن «الجهات المختصة تمكنت من تفكيك لغم أرضي على طريق المطار».")
    assert e.sub_event_type == "Disrupted weapons use"
    assert e.actor1 == "Police Forces of Syria"


def test_clash_with_one_named_side_puts_it_first() -> None:
    evs = events("انسحب الجيش السوري من البلدة، بعد يومين من المواجهات الدامية.", date="2025-07-20")
    battles = [x for x in evs if x.event_type == "Battles"]
    assert len(battles) == 1
    e = battles[0]
    assert e.actor1 == "Military Forces of Syria (2024-)"  # the new era's army (ACLED)
    assert e.actor2 == "Unidentified Armed Group (Syria)"


def test_between_the_two_sides_takes_the_sides_named_before() -> None:
    evs = events(
        "شن تنظيم داعش هجوما على حواجز قوات النظام في البادية. واحتدم القتال بين الطرفين لساعات."
    )
    assert evs
    assert all(
        {e.actor1, e.actor2} == {"Islamic State (Syria)", "Military Forces of Syria"} for e in evs
    )


def test_former_fighter_is_coded_as_a_civilian() -> None:
    e = one("أصيب أحد عناصر الفصائل المسلحة سابقاً برصاص مجهولين أمام منزله.")
    assert e.event_type == "Violence against civilians"
    assert e.actor2 == "Civilians (Syria)"


def test_the_former_regimes_remnants_stay_an_armed_side() -> None:
    e = one("هاجمت فلول النظام السابق حاجزا للأمن العام في ريف اللاذقية.", date="2025-03-06")
    assert e.actor1 == "Assad Loyalists (Syria)"
    assert e.actor2 == "Police Forces of Syria (2024-)"
    assert e.event_type == "Battles"


def test_an_undated_report_takes_the_era_of_its_actors() -> None:
    new = one("هاجمت فلول النظام حاجزا للأمن العام قرب جبلة.", date=None)
    assert new.actor2 == "Police Forces of Syria (2024-)"
    old = one("قصف النظام بلدة كفرنبودة بالمدفعية.", date=None)
    assert old.actor1 == "Military Forces of Syria"


# --- what is no event ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "نفذت الطائرات طلعات استطلاع فوق المدينة دون أن تنفذ أي غارة.",
        "قال مسؤول إن الطائرات لم تستهدف أي موقع عسكري خلال الطلعة.",
        "تتعمد قوات النظام استهداف المزارعين في الحقول كل موسم.",
    ],
)
def test_negated_or_habitual_violence_is_no_event(text: str) -> None:
    assert events(text) == []


def test_negation_does_not_reach_past_a_new_event_word() -> None:
    e = one("لم تعرف هوية الشاب بعد مقتله برصاص مسلحين مجهولين في السوق.")
    assert e.fatalities == 1


def test_a_definite_event_noun_refers_back_to_the_verb() -> None:
    e = one("أعلن الجيش الإسرائيلي أنه هاجم مواقع عسكرية قرب الحدود، دون تفاصيل عن الهجوم.")
    assert e.actor1 == "Military Forces of Israel"
    assert e.sub_event_type == "Air/drone strike"  # an external force's attack from the air


def test_property_destruction_during_an_attack_is_part_of_the_attack() -> None:
    e = one("هاجم مسلحون مجهولون حي المزارع، وأحرقوا عشرة منازل فيه.")
    assert e.event_type != "Strategic developments"


def test_his_sources_are_no_confiscation() -> None:
    assert all(
        e.sub_event_type != "Looting/property destruction"
        for e in events("وقال المراسل نقلاً عن مصادره إن الوضع هادئ في المدينة.")
    )


# --- counting ----------------------------------------------------------------------------


def test_noun_and_adjective_are_one_person() -> None:
    e = one("قصفت قوات النظام حقلا زراعيا، ما أدى لاستشهاد الشاب المدني وجرح آخرين.")
    assert e.fatalities == 1


def test_apposition_with_ahad_is_the_same_person() -> None:
    e = one("اندلعت اشتباكات بعد مقتل المدعو “سامر خليل” أحد عناصر الميليشيا على يد مسلحين.")
    assert e.fatalities == 1


def test_coordinated_figures_still_add_up() -> None:
    e = one("قتل عنصر من قوات النظام وعنصران من قسد في اشتباكات بين الطرفين.")
    assert e.fatalities == 3


def test_dead_counted_before_the_verbs_are_not_a_combined_toll() -> None:
    e = one("قتل عنصر وأصيب اثنان من الأمن العسكري بانفجار لغم أرضي.")
    assert e.fatalities == 1
    assert e.injured == 2


def test_a_massacre_of_counted_victims_kills_them() -> None:
    e = one("ارتكبت قوات النظام مجزرة بحق 7 من المنشقين في ساحة البلدة.")
    assert e.event_type == "Violence against civilians"
    assert e.fatalities == 7


# --- one event told twice ----------------------------------------------------------------


def test_lead_about_a_countryside_merges_into_the_village_it_details() -> None:
    evs = events(
        "قتل مدني بقصف مدفعي لقوات النظام على ريف إدلب الجنوبي.\n"
        "وقالت مصادر إن قوات النظام استهدفت بقذائف الهاون أطراف بلدة كفرنبل ما أدى لمقتل مدني."
    )
    assert len(evs) == 1, [(e.location, e.fatalities) for e in evs]
    assert evs[0].location == "Kafr Nobol"
    assert evs[0].fatalities == 1


def test_same_toll_told_twice_is_one_event_with_the_likelier_type() -> None:
    evs = events(
        "قتل عنصر من قوات النظام بعملية اغتيال في ريف درعا الغربي.\n"
        "وقتل العنصر إثر استهداف سيارته بعبوة ناسفة قرب بلدة المزيريب في ريف درعا الغربي."
    )
    assert len(evs) == 1, [(e.sub_event_type, e.location) for e in evs]
    assert evs[0].sub_event_type == "Remote explosive/landmine/IED"


def test_different_places_with_different_tolls_stay_apart() -> None:
    evs = events(
        "قتل مدنيان بقصف مدفعي على بلدة كفرنبل. وقتل ثلاثة مدنيين بقصف مدفعي على مدينة سراقب."
    )
    assert sorted(e.location or "" for e in evs) == ["Kafr Nobol", "Saraqab"]


def test_a_governorate_gives_way_only_to_a_place_inside_it() -> None:
    evs = events(
        "انسحب الجيش السوري من محافظة السويداء بعد مواجهات، تخللها قصف إسرائيلي على دمشق.",
        date="2025-07-20",
    )
    battles = [x for x in evs if x.event_type == "Battles"]
    assert battles and battles[0].admin1 == "As-Sweida"
    strikes = [x for x in evs if x.event_type == "Explosions/Remote violence"]
    assert strikes and strikes[0].admin1 == "Damascus"
    assert strikes[0].actor1 == "Military Forces of Israel"


def test_listed_villages_each_get_an_event_even_when_unknown() -> None:
    evs = events("سيطرت هيئة تحرير الشام على كل من النقير وزعفرينة وترملا في ريف إدلب الجنوبي.")
    locs = {e.location for e in evs}
    assert {"Nqeir", "Tramla"} <= locs
    assert "زعفرينة" in locs
    assert all(e.admin1 == "Idleb" for e in evs)


def test_the_source_of_fire_is_the_attacker() -> None:
    evs = events("تعرضت قرية بريف إدلب الجنوبي لقصف مدفعي مصدره مواقع قوات النظام فجر اليوم.")
    shelling = [e for e in evs if e.sub_event_type == "Shelling/artillery/missile attack"]
    assert shelling and shelling[0].actor1 == "Military Forces of Syria"


def test_protesters_who_storm_and_burn_are_rioters() -> None:
    e = one("اقتحم محتجون مبنى المحافظة وأحرق المحتجون سيارة للشرطة في مدينة السويداء")
    assert (e.event_type, e.sub_event_type) == ("Riots", "Violent demonstration")
    assert e.actor1 == "Rioters (Syria)" and e.inter1 == 5


def test_an_assassination_kills_one_and_a_number_of_operations_counts_no_one() -> None:
    e = one("اغتال مسلحون مجهولون أحد وجهاء عشيرة في بلدة الشحيل")
    assert e.event_type == "Violence against civilians" and e.fatalities == 1
    lead = events(
        "شهدت المحافظة ثلاث عمليات اغتيال خلال يومين. وقتل مختار بلدة الكرك برصاص مجهولين"
    )
    assert [x.fatalities for x in lead] == [1]


def test_a_name_inside_a_longer_name_and_pejorative_names() -> None:
    e = one("اشتبكت قوات الجيش السوري الحر مع قوات النظام في بلدة حاس", date="2013-05-04")
    assert (e.actor1, e.actor2) == ("Free Syrian Army", "Military Forces of Syria")
    e = one("قصفت عصابات الأسد بلدة حاس بالمدفعية", date="2016-02-01")
    assert e.actor1 == "Military Forces of Syria"
    e = one("اعتقلت دورية إسرائيلية راعياً قرب بلدة حضر", date="2025-02-01")
    assert e.actor1 == "Military Forces of Israel"


def test_the_bundled_sample_gives_no_event_a_coder_would_not_code() -> None:
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "examples" / "sample.txt").read_text("utf-8")
    evs = events(text, date="2024-03-14")
    kinds = [(e.sub_event_type, e.actor1) for e in evs]
    # a post about the word داعش in broken letters, or one that publishes a post, is no activity
    assert ("Change to group/activity", "Islamic State (Syria)") not in kinds
    assert all(e.actor2 != "Military Forces of Israel" for e in evs)  # "the word الاحتلال"
    assert ("Armed clash", "Islamic State (Syria)") in kinds  # the attack on the checkpoint
    # the speaker (وقال ناشط إن ...) is no side
    assert all(e.actor2 != "Civilians (Syria)" for e in evs if e.event_type == "Battles")


def test_a_background_date_is_not_the_reports_date_and_does_not_split_the_event() -> None:
    text = (
        "قتل ثلاثة عناصر من قسد بهجوم لتنظيم داعش في ريف دير الزور. "
        "ومنذ سقوط النظام في 8 كانون الأول 2024 تصاعدت وتيرة هجمات التنظيم. "
        "وقالت قسد إن مقاتليها تصدوا لهجوم التنظيم على نقطة لها في بلدة البصيرة صباح اليوم "
        "وقتل ثلاثة من عناصرها"
    )
    evs = events(text, date="2025-09-25")
    assert [(e.event_date, e.fatalities) for e in evs] == [("2025-09-25", 3)]


def test_brackets_around_a_name_or_a_number_hide_neither() -> None:
    # a longer aside in brackets keeps them: the former name of a group is no new side
    e = one(
        "هاجمت هيئة تحرير الشام (التي كانت فرعاً لتنظيم القاعدة) مواقع الجيش الوطني في بلدة حاس",
        date="2022-01-01",
    )
    assert (e.actor1, e.actor2) == ("HTS: Hayat Tahrir al Sham", "Syrian National Army")
    e = one("قتل (5) عناصر من (قسد) بقصف مدفعي للجيش التركي على قرية “حاس”.", date="2025-01-15")
    assert (e.actor1, e.actor2, e.location, e.fatalities) == (
        "Military Forces of Turkey",
        "SDF: Syrian Democratic Forces",
        "Has",
        5,
    )


def test_a_heading_line_is_its_own_sentence_unless_the_text_is_hard_wrapped() -> None:
    # the heading's fear does not reach the clash told on the next line
    evs = events(
        "تخوف عناصر النظام من هجمات داعش\nقتل عنصر من قوات النظام باشتباك مع داعش قرب تدمر"
    )
    assert [(e.event_type, e.location, e.fatalities) for e in evs] == [("Battles", "Tadmor", 1)]
    wrapped = (
        "قال ناشطون ان قوات الأمن\nأطلقت النار على المتظاهرين الذين\n"
        "خرجوا اليوم في مدينة حمص وان شخصا\nقتل برصاصها."
    )
    (e,) = events(wrapped, date="2011-05-06")
    assert e.sub_event_type == "Excessive force against protesters"


def test_a_vehicle_of_a_side_with_an_adjective_between_is_that_sides() -> None:
    e = one("استهدف مجهولون بعبوة ناسفة سيارة عسكرية لقوات النظام قرب بلدة حاس", date="2021-01-01")
    assert (e.actor1, e.actor2) == ("Unidentified Armed Group (Syria)", "Military Forces of Syria")


def test_descriptive_names_of_the_kurdish_forces_the_clans_and_the_pro_turkish_factions() -> None:
    e = one("اندلعت اشتباكات بين عشائر عربية والقوات الكردية قرب بلدة البصيرة", date="2025-01-15")
    assert (e.actor1, e.actor2) == (
        "Unidentified Clan Militia (Syria)",
        "SDF: Syrian Democratic Forces",
    )
    e = one("قتل 18 مسلحا باشتباكات بين فصائل كردية وأخرى موالية لتركيا قرب بلدة صرين")
    assert (e.actor1, e.actor2) == ("SDF: Syrian Democratic Forces", "Syrian National Army")


def test_a_body_found_or_a_murder_is_an_attack_by_an_unidentified_group() -> None:
    e = one("عثر على جثة شاب مقتول بالرصاص قرب بلدة حاس", date="2024-06-20")
    assert (e.sub_event_type, e.actor1, e.fatalities) == (
        "Attack",
        "Unidentified Armed Group (Syria)",
        1,
    )
    e = one("جريمة قتل جديدة في بلدة حاس ضحيتها رجل مسن", date="2024-06-20")
    assert e.event_type == "Violence against civilians" and e.location == "Has"


def test_lost_their_lives_is_a_death_toll() -> None:
    e = one("فقد ثلاثة مدنيين حياتهم بقصف لقوات النظام على بلدة حاس")
    assert (e.actor1, e.fatalities) == ("Military Forces of Syria", 3)
    e = one("أسفر الهجوم عن فقدان عنصر من قسد لحياته قرب بلدة البصيرة")
    assert (e.actor2, e.fatalities) == ("SDF: Syrian Democratic Forces", 1)


def test_arrests_with_weapons_seized_are_arrests() -> None:
    e = one("ضبطت قوات الأمن العام شحنة أسلحة واعتقلت خمسة أشخاص في بلدة حاس", date="2025-03-01")
    assert e.sub_event_type == "Arrests"
