"""One test per safety rule of docs/clinical-basis.md, named after its row: every threshold at
its boundary, every flag, every red-flag question's urgency, and what each stop records.

Each test reads the rule's number from the page (or the routine's default it documents) and
checks the verdict on both sides of it, so a rule changed in the code or in the page alone
fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from player.routine.models import FLAGS, Safety
from player.session.safety import (
    EASY_NOTE,
    FLAG_WORDS,
    NOTE_MAX,
    RED_FLAG_QUESTIONS,
    CheckinAnswer,
    clean_note,
    final_note,
    judge_checkin,
    judge_screen,
    judge_stop,
    stop_message,
)

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "clinical-basis.md").read_text(encoding="utf-8")
DEFAULT = Safety()
ALL_NO = {q.id: False for q in RED_FLAG_QUESTIONS}


def _section(heading: str) -> str:
    return DOC.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]


def _words(heading: str) -> str:
    """The text under `heading` with its line breaks as spaces."""
    return " ".join(_section(heading).split())


def _rows(heading: str) -> list[list[str]]:
    """The body rows of the first table under `heading`, as cells."""
    lines = [line for line in _section(heading).splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:]]


# --- How much pain is acceptable during exercise ---------------------------------------------


def _pain_bands() -> list[tuple[int, int, str]]:
    bands = []
    for pain, _meaning, action in _rows("How much pain is acceptable during exercise"):
        low, high = (int(n) for n in pain.split("-"))
        bands.append((low, high, action))
    return bands


def test_pain_bands_of_the_page_cover_0_to_10_once() -> None:
    covered = [n for low, high, _ in _pain_bands() for n in range(low, high + 1)]
    assert covered == list(range(11))


@pytest.mark.parametrize("pain", range(11))
def test_pain_0_to_5_carries_on_and_6_to_10_stops_the_session(pain: int) -> None:
    (action,) = [a for low, high, a in _pain_bands() if low <= pain <= high]
    verdict = judge_checkin(CheckinAnswer(pain), pain, DEFAULT)  # no rise: the level alone
    if action == "carries on":
        assert not verdict.stops, pain
    else:
        assert action.startswith("stops the session") and verdict.stops, pain
        assert verdict.rule == "stop_at"
        assert verdict.reason == f"at or above the stop level of {DEFAULT.stop_at}"


def test_stop_at_is_6_by_default_and_the_boundary_is_at_or_above() -> None:
    assert f"`safety.stop_at`, default {DEFAULT.stop_at}" in DOC and DEFAULT.stop_at == 6
    assert not judge_checkin(CheckinAnswer(5), None, DEFAULT).stops
    assert judge_checkin(CheckinAnswer(6), None, DEFAULT).rule == "stop_at"


@pytest.mark.parametrize("stop_at", [1, 4, 5, 8, 10])
def test_a_routine_moves_the_stop_level(stop_at: int) -> None:
    safety = Safety(stop_at=stop_at, max_rise=None)
    assert judge_checkin(CheckinAnswer(stop_at), 0, safety).rule == "stop_at"
    assert not judge_checkin(CheckinAnswer(stop_at - 1), 0, safety).stops


def test_pain_above_the_start_but_allowed_carries_on_and_says_keep_it_easy() -> None:
    assert "a little more than at the start: keep it easy" in _words(
        "How much pain is acceptable during exercise"
    )
    verdict = judge_checkin(CheckinAnswer(3), 2, DEFAULT)
    assert not verdict.stops and verdict.note == EASY_NOTE
    assert judge_checkin(CheckinAnswer(2), 2, DEFAULT).note is None
    assert judge_checkin(CheckinAnswer(1), 2, DEFAULT).note is None


# --- A rise of 2 points ----------------------------------------------------------------------


@pytest.mark.parametrize(("rise", "stops"), [(0, False), (1, False), (2, True), (3, True)])
def test_a_rise_of_2_points_above_the_start_stops_the_session(rise: int, stops: bool) -> None:
    assert f"`safety.max_rise`, default {DEFAULT.max_rise}" in DOC and DEFAULT.max_rise == 2
    baseline = 1
    verdict = judge_checkin(CheckinAnswer(baseline + rise), baseline, DEFAULT)
    assert verdict.stops is stops
    if stops:
        assert verdict.rule == "max_rise"
        assert verdict.reason == f"{rise} points above the {baseline}/10 before the session"


def test_the_rise_rule_stops_below_the_stop_level() -> None:
    verdict = judge_checkin(CheckinAnswer(4), 2, DEFAULT)
    assert 4 < DEFAULT.stop_at and verdict.rule == "max_rise"


def test_max_rise_null_turns_the_rise_rule_off() -> None:
    assert "`max_rise: null`" in DOC
    off = Safety(max_rise=None)
    assert not judge_checkin(CheckinAnswer(5), 0, off).stops
    assert judge_checkin(CheckinAnswer(6), 0, off).rule == "stop_at"


@pytest.mark.parametrize("max_rise", [1, 3, 4])
def test_a_routine_moves_the_rise_that_matters(max_rise: int) -> None:
    safety = Safety(max_rise=max_rise, stop_at=10)
    assert judge_checkin(CheckinAnswer(1 + max_rise), 1, safety).rule == "max_rise"
    assert not judge_checkin(CheckinAnswer(max_rise), 1, safety).stops


def test_the_answer_before_the_session_has_no_rise_to_judge() -> None:
    assert not judge_checkin(CheckinAnswer(5), None, DEFAULT).stops


# --- Stop at once: sharp, spreading, numb ----------------------------------------------------


@pytest.mark.parametrize("flag", FLAGS)
@pytest.mark.parametrize("pain", [0, 3])
def test_sharp_spreading_or_numb_stops_at_once_whatever_the_number(flag: str, pain: int) -> None:
    assert f"`{flag}`" in _section("Stop at once: sharp, spreading, numb")
    verdict = judge_checkin(CheckinAnswer(pain, (flag,)), pain, DEFAULT)
    assert (verdict.stops, verdict.rule) == (True, "stop_on")
    assert verdict.reason == FLAG_WORDS[flag]


def test_a_flag_wins_over_the_pain_rules_in_the_recorded_reason() -> None:
    verdict = judge_checkin(CheckinAnswer(9, ("sharp",)), 0, DEFAULT)
    assert (verdict.rule, verdict.reason) == ("stop_on", "sharp pain")


def test_a_flag_left_out_of_stop_on_does_not_stop() -> None:
    only_numb = Safety(stop_on=["numbness"])
    assert not judge_checkin(CheckinAnswer(1, ("sharp",)), 1, only_numb).stops
    assert not judge_checkin(CheckinAnswer(1, ("spreading",)), 1, only_numb).stops
    assert judge_checkin(CheckinAnswer(1, ("numbness",)), 1, only_numb).rule == "stop_on"


@pytest.mark.parametrize("flag", FLAGS)
def test_a_stop_for_a_flag_names_the_signs_that_need_urgent_care(flag: str) -> None:
    assert "names the signs that need urgent care" in _words("Stop at once: sharp, spreading, numb")
    lines = stop_message(judge_checkin(CheckinAnswer(2, (flag,)), 2, DEFAULT))
    assert lines[-1].startswith("Get urgent care if you notice numbness around the genitals")


def test_a_stop_for_pain_alone_does_not_name_the_urgent_signs() -> None:
    lines = stop_message(judge_checkin(CheckinAnswer(7), 1, DEFAULT))
    assert "urgent care" not in " ".join(lines)


# --- Red flags: when not to exercise at all --------------------------------------------------

URGENCY_WORDS = {"emergency care now": "emergency", "see a clinician first": "soon"}
# Each row of the page's table, the question it is, by the words they share.
ROW_OF = {
    "saddle_numbness": "new numbness around the genitals, bottom or inner thighs",
    "bladder_bowel": "new trouble passing urine, or controlling bladder or bowel",
    "both_legs": "symptoms in both legs, or leg weakness getting worse",
    "fall": "pain that began after a serious fall or accident",
    "fever": "a fever, or feeling generally unwell",
    "weight_loss": "weight loss without trying",
    "cancer": "a history of cancer, with this back pain not yet checked",
}


def test_every_red_flag_question_has_its_row_on_the_page() -> None:
    rows = {question: meaning for question, meaning in _rows("Red flags: when not to exercise")}
    assert set(rows) == set(ROW_OF.values())
    assert {q.id for q in RED_FLAG_QUESTIONS} == set(ROW_OF)


@pytest.mark.parametrize("question", RED_FLAG_QUESTIONS, ids=lambda q: q.id)
def test_each_red_flag_question_has_the_urgency_of_its_row(question: object) -> None:
    rows = dict(_rows("Red flags: when not to exercise"))
    q = question
    assert hasattr(q, "id") and hasattr(q, "urgency")
    expected = URGENCY_WORDS[rows[ROW_OF[q.id]]]
    assert q.urgency == expected
    # A yes to this question alone: the session does not start, at that urgency.
    verdict = judge_screen({**ALL_NO, q.id: True})
    assert (verdict.stops, verdict.rule, verdict.urgency) == (True, "red_flag", expected)


@pytest.mark.parametrize(
    ("question", "urgency"),
    [
        ("saddle_numbness", "emergency"),
        ("bladder_bowel", "emergency"),
        ("both_legs", "emergency"),
        ("fall", "soon"),
        ("fever", "soon"),
        ("weight_loss", "soon"),
        ("cancer", "soon"),
    ],
)
def test_the_nerve_signs_are_emergencies_and_the_others_are_soon(
    question: str, urgency: str
) -> None:
    # The same rows, written out: saddle numbness is an emergency, weight loss is not.
    assert judge_screen({question: True}).urgency == urgency


def test_no_yes_means_the_session_may_start() -> None:
    verdict = judge_screen(ALL_NO)
    assert not verdict.stops and verdict.urgency is None


def test_an_emergency_yes_outranks_any_soon_yes() -> None:
    soon = [q.id for q in RED_FLAG_QUESTIONS if q.urgency == "soon"]
    for emergency in (q.id for q in RED_FLAG_QUESTIONS if q.urgency == "emergency"):
        answers = {**ALL_NO, **dict.fromkeys(soon, True), emergency: True}
        assert judge_screen(answers).urgency == "emergency"
    assert judge_screen({**ALL_NO, **dict.fromkeys(soon, True)}).urgency == "soon"


def test_a_red_flag_stop_records_every_yes_as_its_reason() -> None:
    verdict = judge_screen({**ALL_NO, "fever": True, "saddle_numbness": True})
    shorts = {q.id: q.short for q in RED_FLAG_QUESTIONS}
    expected = f"{shorts['saddle_numbness']}; {shorts['fever']}"  # in the order they are asked
    assert verdict.reason == expected
    assert verdict.journal_data() == {"stops": True, "rule": "red_flag", "reason": expected}
    assert verdict.details == (shorts["saddle_numbness"], shorts["fever"])
    assert verdict.said == f"You answered yes to: {expected}."


def test_an_emergency_says_go_to_an_emergency_department_now() -> None:
    lines = stop_message(judge_screen({"both_legs": True}))
    assert "The session will not start today" in lines[1]
    assert "go to an emergency department now" in lines[2]


def test_a_soon_red_flag_says_see_a_clinician_before_exercising() -> None:
    lines = stop_message(judge_screen({"weight_loss": True}))
    assert "The session will not start today" in lines[1]
    assert "see your doctor or therapist before you exercise" in lines[2]
    assert "emergency" not in lines[2]


# --- The next morning ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("final", "baseline", "says_settle"), [(4, 2, True), (3, 2, True), (2, 2, False), (1, 3, False)]
)
def test_pain_above_the_start_at_the_end_should_settle_by_the_next_morning(
    final: int, baseline: int, says_settle: bool
) -> None:
    note = final_note(final, baseline)
    assert note is not None
    assert ("settle by tomorrow morning" in note) is says_settle
    if says_settle:
        assert note.startswith(f"Pain is {final - baseline} above where you started.")


def test_no_final_note_without_both_answers() -> None:
    assert final_note(None, 2) is None and final_note(3, None) is None


# --- The stop key ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "baseline", "reason"),
    [
        (CheckinAnswer(0), 0, "chose to stop"),
        (CheckinAnswer(5), 4, "chose to stop"),  # a rise of 1 is not a pain rule
        (CheckinAnswer(6), 6, f"at or above the stop level of {DEFAULT.stop_at}"),
        (CheckinAnswer(3), 1, "2 points above the 1/10 before the session"),
        (CheckinAnswer(1, ("numbness",)), 1, "new numbness or tingling"),
    ],
)
def test_the_stop_key_always_stops_and_records_what_the_answer_shows(
    answer: CheckinAnswer, baseline: int, reason: str
) -> None:
    verdict = judge_stop(answer, baseline, DEFAULT)
    assert (verdict.stops, verdict.rule, verdict.reason) == (True, "user", reason)


def test_every_stop_message_says_stopping_was_right_and_what_to_do_next() -> None:
    stops = [
        judge_checkin(CheckinAnswer(7), 1, DEFAULT),
        judge_checkin(CheckinAnswer(3), 1, DEFAULT),
        judge_checkin(CheckinAnswer(1, ("sharp",)), 1, DEFAULT),
        judge_stop(CheckinAnswer(1), 1, DEFAULT),
        judge_screen({"fever": True}),
    ]
    for verdict in stops:
        text = " ".join(stop_message(verdict))
        assert re.search(r"right call", text), verdict
        assert stop_message(verdict)[0] == verdict.said


# --- The words at a stop: each rule's message, whole -----------------------------------------
# What a person reads when a session stops is part of the rule (docs/clinical-basis.md: say what
# happened, that stopping was right, what to do next, and when to get urgent care), so each
# branch's lines are pinned whole: a changed word must be a deliberate change here too.

URGENT = (
    "Get urgent care if you notice numbness around the genitals or bottom, trouble with your "
    "bladder or bowel, or weakness in both legs."
)
PAIN_STOP = [
    "Stopping now was the right call: pain is a sign that this way of moving isn't working today.",
    "Take a breath. Rest, move gently, and note how it feels tomorrow morning.",
    "If the pain is not back to your usual level by then, or lasts more than a week or two, "
    "contact your therapist.",
]
NOT_STARTING = [
    "Not starting is the right call: your routine stops at this, so today is a day to rest "
    "rather than exercise.",
    "Take a breath. Rest, move gently, and note how it feels tomorrow morning.",
    "If it has not settled by then, or lasts more than a week or two, contact your therapist.",
]
USER_STOP = [
    "Stopping when something doesn't feel right is the right call.",
    "Rest, move gently, and note how you feel. If pain persists, talk to your therapist.",
]


def test_a_stop_for_pain_says_the_pain_that_stopping_was_right_and_what_next() -> None:
    verdict = judge_checkin(CheckinAnswer(7), 1, DEFAULT)
    assert stop_message(verdict) == [
        "Pain is 7 out of 10, at or above your stop level of 6.",
        *PAIN_STOP,
    ]
    rise = judge_checkin(CheckinAnswer(4), 2, DEFAULT)
    assert stop_message(rise) == [
        "Pain is 4 out of 10, 2 points above the 2 you had at the start.",
        *PAIN_STOP,
    ]


def test_a_stop_for_a_flag_adds_when_to_get_urgent_care() -> None:
    verdict = judge_checkin(CheckinAnswer(2, ("spreading",)), 2, DEFAULT)
    assert stop_message(verdict) == [
        "You reported pain spreading down the leg.",
        *PAIN_STOP,
        URGENT,
    ]


def test_a_stop_before_the_first_exercise_speaks_of_not_starting() -> None:
    level = judge_checkin(CheckinAnswer(6), None, DEFAULT)
    assert stop_message(level, before_start=True) == [level.said, *NOT_STARTING]
    flag = judge_checkin(CheckinAnswer(1, ("numbness",)), None, DEFAULT)
    assert stop_message(flag, before_start=True) == [
        "You reported new numbness or tingling.",
        *NOT_STARTING,
        URGENT,
    ]


def test_the_stop_key_says_stopping_was_right_and_names_urgent_care_for_nerve_signs() -> None:
    plain = judge_stop(CheckinAnswer(2), 2, DEFAULT)
    assert stop_message(plain) == ["You stopped the session.", *USER_STOP]
    sharp = judge_stop(CheckinAnswer(2, ("sharp",)), 2, DEFAULT)
    assert stop_message(sharp) == ["You stopped the session: sharp pain.", *USER_STOP]
    for flag in ("spreading", "numbness"):
        nerve = judge_stop(CheckinAnswer(2, (flag,)), 2, DEFAULT)
        assert stop_message(nerve) == [
            f"You stopped the session: {FLAG_WORDS[flag]}.",
            *USER_STOP,
            URGENT,
        ]
    level = judge_stop(CheckinAnswer(8), 2, DEFAULT)
    assert level.said == (
        "You stopped the session with pain at 8 out of 10, at or above your stop level of 6."
    )


def test_a_red_flag_message_says_the_session_will_not_start_and_where_to_go() -> None:
    emergency = judge_screen({**ALL_NO, "bladder_bowel": True})
    assert stop_message(emergency) == [
        "You answered yes to: new bladder or bowel trouble.",
        "The session will not start today. Not exercising now is the right call.",
        "These can be signs of pressure on the nerves at the base of the spine, which needs care "
        "today: go to an emergency department now, or call your local emergency number (999 in "
        "the UK, 112 in Europe, 911 in the US).",
    ]
    soon = judge_screen({**ALL_NO, "fall": True})
    assert stop_message(soon) == [
        "You answered yes to: pain after a serious fall or accident.",
        "The session will not start today. Not exercising now is the right call.",
        "Please see your doctor or therapist before you exercise: contact them today or as soon "
        "as you can to have it checked.",
    ]


def test_the_routines_own_advice_follows_every_stop_message_and_blank_lines_are_dropped() -> None:
    verdict = judge_checkin(CheckinAnswer(7), 1, DEFAULT)
    lines = stop_message(verdict, advice=("Call the clinic: 555 0100.", "", "Ice for 10 min."))
    assert lines == [*stop_message(verdict), "Call the clinic: 555 0100.", "Ice for 10 min."]


def test_no_red_flags_is_a_continue_verdict_that_says_so() -> None:
    verdict = judge_screen(ALL_NO)
    assert (verdict.stops, verdict.rule, verdict.reason, verdict.said) == (
        False,
        None,
        "no red flags",
        "No red flags.",
    )
    assert verdict.journal_data() == {"stops": False, "rule": None, "reason": "no red flags"}


# --- A flag the routine carries on with --------------------------------------------------------


def test_a_flag_outside_stop_on_is_named_with_what_to_watch_for() -> None:
    carry_on = Safety(stop_on=[])
    sharp = judge_checkin(CheckinAnswer(2, ("sharp",)), 2, carry_on)
    assert not sharp.stops and sharp.said == "Pain is 2 out of 10."
    assert sharp.note == (
        "Noted: sharp pain. Your routine carries on with it, so keep it easy. If it comes back "
        "or grows, stop and tell your therapist."
    )
    for flag in ("spreading", "numbness"):
        nerve = judge_checkin(CheckinAnswer(2, (flag,)), 2, carry_on)
        assert nerve.note == (
            f"Noted: {FLAG_WORDS[flag]}. Your routine carries on with it, so keep it easy. If it "
            "grows or spreads, stop and tell your therapist."
        )


def test_a_flag_outside_stop_on_is_still_named_when_another_rule_stops() -> None:
    only_sharp = Safety(stop_on=["sharp"])
    both = judge_checkin(CheckinAnswer(2, ("sharp", "numbness")), 2, only_sharp)
    assert both.said == "You reported sharp pain. You also noted new numbness or tingling."
    assert (both.rule, both.reason) == ("stop_on", "sharp pain")
    level = judge_checkin(CheckinAnswer(7, ("numbness",)), 2, only_sharp)
    assert level.rule == "stop_at"
    assert level.said == (
        "Pain is 7 out of 10, at or above your stop level of 6. You also noted new numbness or "
        "tingling."
    )


def test_each_carry_on_verdict_records_its_reason() -> None:
    within = judge_checkin(CheckinAnswer(2), 2, DEFAULT)
    assert (within.stops, within.rule, within.reason) == (False, None, "within the limits")
    above = judge_checkin(CheckinAnswer(3), 2, DEFAULT)
    assert (above.stops, above.rule, above.reason) == (
        False,
        None,
        "a little above the start",
    )
    flagged = judge_checkin(CheckinAnswer(2, ("sharp",)), 2, Safety(stop_on=[]))
    assert (flagged.stops, flagged.rule, flagged.reason, flagged.said) == (
        False,
        None,
        "within the limits",
        "Pain is 2 out of 10.",
    )


def test_a_note_of_exactly_the_limit_is_kept_whole_and_a_cut_drops_the_space_before_it() -> None:
    exact = "x" * NOTE_MAX
    assert clean_note(exact) == exact
    cut = clean_note("y" * (NOTE_MAX - 2) + " zzzz")
    assert cut == "y" * (NOTE_MAX - 2) + "…"
