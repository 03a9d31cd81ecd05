"""Small display helpers shared by the pages. They show the engine's results; they decide nothing."""

from __future__ import annotations

import html
import json
from collections.abc import Mapping

import pandas as pd
import streamlit as st
import streamlit.components.v1 as components

from posecoach.bouts import BoutSummary
from posecoach.events import HoldRecord
from posecoach.exercises import Exercise, all_exercises
from posecoach.live import Spoken
from posecoach.summary import UNTOLD_NAME, has_sides_by_name
from posecoach.workout import SetSummary

EXERCISE_KEY = "exercise_name"  # session_state: the exercise chosen, shared by the live and video pages

_CSS = """
<style>
.pc-big {font-size: clamp(2rem, 3.6vw, 3.6rem) !important; font-weight: 700; line-height: 1.05; margin: 0 0 .3rem 0;
          white-space: nowrap;}
.pc-of {font-size: 45%; font-weight: 600; color: #555;}
.pc-label {font-size: 0.9rem !important; color: #555; text-transform: uppercase; letter-spacing: .05em; margin: 0;}
.pc-cue {font-size: 1.6rem !important; font-weight: 600; line-height: 1.25; padding: .6rem .9rem; border-radius: .5rem;
         background: #fff4d6; color: #5a3b00; margin: .3rem 0 .6rem 0;}
.pc-guide {font-size: 1.6rem !important; font-weight: 600; line-height: 1.25; padding: .6rem .9rem; border-radius: .5rem;
           background: #ffe1e1; color: #7a0010; margin: .3rem 0 .6rem 0;}
.pc-rest {font-size: 1.6rem !important; font-weight: 600; padding: .6rem .9rem; border-radius: .5rem; background: #e3f1ff; color: #0b3d6b;}
.pc-phase {font-size: 1.25rem !important; color: #333; margin: .2rem 0 .4rem 0;}
.pc-switch {font-size: 1.8rem !important; font-weight: 700; line-height: 1.25; padding: .7rem .9rem; border-radius: .5rem;
             background: #dff5e3; color: #0d4d1f; border: 3px solid #2e9d5b; margin: .3rem 0 .6rem 0;}
.pc-ready {font-size: 1.6rem !important; font-weight: 600; padding: .6rem .9rem; border-radius: .5rem; background: #eee; color: #333;}
</style>
"""


def page_style() -> None:
    st.html(_CSS)


#: The exercise a first visit opens on: the most common one, not the first by name.
DEFAULT_EXERCISE = "squat"


def exercise_picker(label: str = "Exercise") -> Exercise:
    """The exercise choice, shared by the pages (the last one chosen anywhere is preselected)."""
    exercises = all_exercises()
    names = list(exercises)
    key = f"{label}_picker"
    if st.session_state.get(key) not in names:
        current = st.session_state.get(EXERCISE_KEY)
        st.session_state[key] = current if current in names else (DEFAULT_EXERCISE if DEFAULT_EXERCISE in names else names[0])
    name = st.selectbox(label, names, format_func=lambda n: exercises[n].title, key=key)
    st.session_state[EXERCISE_KEY] = name
    return exercises[name]


def select_exercise(name: str, label: str = "Exercise") -> None:
    """Makes ``name`` the chosen exercise (call before the picker is drawn in this run)."""
    st.session_state[EXERCISE_KEY] = name
    st.session_state[f"{label}_picker"] = name


def camera_views(exercise: Exercise) -> str:
    order = ["side", "oblique", "front"]
    views = sorted((view.value for view in exercise.views), key=lambda v: order.index(v) if v in order else 9)
    return " or ".join(views)


def exercise_card(exercise: Exercise) -> None:
    st.markdown(f"**How to:** {exercise.how_to}")
    kind = "counted reps" if exercise.kind == "reps" else "timed hold"
    st.markdown(f"**Camera:** {camera_views(exercise)} view &nbsp;·&nbsp; **Target:** {exercise.target} &nbsp;·&nbsp; {kind}")
    st.markdown(safety_text(exercise))


def safety_text(exercise: Exercise) -> str:
    """The exercise's safety line, as markdown that stands out."""
    return f":orange[**Safety:** {exercise.safety}]"


def big_stat(label: str, value: str, test_id: str, of: str = "") -> None:
    """A large number; ``of`` (e.g. "/ 30 s") follows it in smaller type, so two stats fit side by side."""
    shown = html.escape(value) + (f'<span class="pc-of"> {html.escape(of)}</span>' if of else "")
    full = f"{value} {of}" if of else value
    st.markdown(
        f'<div class="pc-label">{html.escape(label)}</div>'
        f'<div class="pc-big" data-testid="{test_id}" data-value="{html.escape(full)}">{shown}</div>',
        unsafe_allow_html=True,
    )


def message_box(text: str, css_class: str, test_id: str, data: dict[str, object] | None = None) -> None:
    """A large message; ``data`` becomes ``data-*`` attributes (e.g. the count it was shown at, for tests)."""
    attributes = "".join(f' data-{name}="{html.escape(str(value))}"' for name, value in (data or {}).items())
    st.markdown(f'<div class="{css_class}" data-testid="{test_id}"{attributes}>{html.escape(text)}</div>', unsafe_allow_html=True)


def clock(seconds: float) -> str:
    minutes, secs = divmod(int(round(seconds)), 60)
    return f"{minutes}:{secs:02d}"


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def side_name(side: object, sided: bool = False) -> str:
    """A side's word; no side is "held", or "side not seen" for an exercise with sides (``sided``)."""
    if side is None or side == "":
        return UNTOLD_NAME if sided else "held"
    return str(getattr(side, "value", side))


def held_text(held: Mapping[object, float], sided: bool = False) -> str:
    """Seconds held per side, e.g. "left 31 s, right 30 s" ("" when nothing was held)."""
    return ", ".join(f"{side_name(side, sided)} {seconds:.0f} s" for side, seconds in held.items())


def bout_text(bouts: BoutSummary | None) -> str:
    """e.g. "Time jumping 0:42 · 118 per minute · 2 breaks", or for swings
    "Time swinging: left 0:21 (48° range) · right 0:20 (51° range) · 52 per minute · 0 breaks" ("" before any)."""
    if bouts is None or not bouts.bouts:
        return ""
    times = bouts.time_by_side()
    parts = [
        f"{'' if side == 'all' else side + ' '}{clock(seconds)}"
        + (f" ({bouts.range_by_side[side]:.0f}° range)" if side in bouts.range_by_side else "")
        for side, seconds in times.items()
    ]
    rate = bouts.per_minute
    parts += [f"{rate:.0f} per minute" if rate == rate else "per minute: after two in a row", plural(len(bouts.breaks()), "break")]
    lead = f"Time {bouts.activity}" + (":" if any(side != "all" for side in times) else "")
    return f"{lead} " + " · ".join(parts)


def set_summary(summary: SetSummary, title: str, test_id: str = "", bouts: bool = True) -> None:
    """Reps, attempts, the bouts (with ``bouts``) and each issue with how often and when it happened
    (``test_id`` tags its title, with the reps)."""
    if test_id:
        title = f'<span data-testid="{test_id}" data-value="{summary.reps}">{html.escape(title)}</span>'
    if summary.held_s:
        headline = f"**{title}:** {held_text(summary.held_s, has_sides_by_name(summary.exercise))} in {clock(summary.duration_s)}"
    else:
        headline = f"**{title}:** {plural(summary.reps, 'rep')}, {summary.attempts} not counted, in {clock(summary.duration_s)}"
    if bouts and (text := bout_text(summary.bouts)):
        headline += f" · {text}"
    if not summary.issues:
        st.markdown(headline + " · no form issues", unsafe_allow_html=bool(test_id))
        return
    lines, unit = [headline], "hold" if summary.held_s else "rep"
    for message, count in summary.issue_counts().items():
        moments = ", ".join(
            f"{unit} {issue.rep} at {clock(issue.at_s)}"
            for issue in summary.issues if issue.message == message
        )
        lines.append(f"- {html.escape(message)} **× {count}** ({moments})")
    st.markdown("\n".join(lines), unsafe_allow_html=bool(test_id))


def workout_summary(sets: tuple[SetSummary, ...]) -> None:
    """The end of a workout: a row per set (reps, attempts, issues, time) and the totals."""
    rows = [
        {
            "Set": summary.number,
            "Reps": summary.reps,
            "Not counted": summary.attempts,
            "Held": held_text(summary.held_s, has_sides_by_name(summary.exercise)),
            "At it": bout_text(summary.bouts),
            "Form issues": "; ".join(f"{message} × {count}" for message, count in summary.issue_counts().items()) or "none",
            "Time": clock(summary.duration_s),
        }
        for summary in sets
    ]
    totals = (f"{plural(len(sets), 'set')} · {plural(sum(s.reps for s in sets), 'rep')} · "
              f"{sum(s.attempts for s in sets)} not counted · {plural(sum(len(s.issues) for s in sets), 'form issue')} · "
              f"{clock(sum(s.duration_s for s in sets))}")
    st.markdown(f'<div class="pc-phase" data-testid="pc-summary" data-value="{html.escape(totals)}"><b>Workout summary:</b> '
                f"{html.escape(totals)}</div>", unsafe_allow_html=True)
    frame = pd.DataFrame(rows)
    held = any(row["Held"] for row in rows)
    frame = frame.drop(columns=(["Reps", "Not counted"] if held else ["Held"]) + ([] if any(row["At it"] for row in rows) else ["At it"]))
    st.table(frame, hide_index=True)  # a plain table: the live panel redraws it twice a second (a data grid costs more)


def hold_table(holds: list[HoldRecord], sided: bool = False) -> pd.DataFrame:
    """One row per hold: side ("side not seen" for a hold of an exercise with sides, ``sided``, whose side this view
    could not show), time held against the target, issues."""
    return pd.DataFrame(
        [
            {
                "#": hold.index, "Side": hold.side or (UNTOLD_NAME if sided else ""), "Start (s)": round(hold.start_s, 1),
                "End (s)": round(hold.end_s, 1), "Held (s)": round(hold.held_s, 1), "Target (s)": round(hold.target_s), "Done": "yes" if hold.completed else "no",
                "Issues": "; ".join(dict.fromkeys(issue.message for issue in hold.issues)) or "good form",
            }
            for hold in holds
        ]
    )


def speaker(spoken: tuple[Spoken, ...], enabled: bool, channel: str) -> None:
    """Says each new utterance once through the browser's own speech synthesis (nothing leaves the machine),
    with a chime first for a "switch sides" moment.

    ``spoken`` is the coach's last few utterances, oldest first; the browser remembers the last number
    it said (per ``channel``, one live coach) and says only newer ones, at most the last two so that
    speech never falls behind the workout.
    """
    if not enabled or not spoken:
        return
    payload = json.dumps({"items": [{"seq": item.seq, "text": item.text, "chime": item.chime} for item in spoken if item.text],
                          "key": f"posecoach-spoken-{channel}"}).replace("<", "\\u003c")  # safe inside <script>
    components.html(
        f"""<script>
        const data = {payload};
        let target = window;
        try {{ if (window.parent && window.parent.speechSynthesis) target = window.parent; }} catch (e) {{}}
        let store = null;
        try {{ store = target.sessionStorage; }} catch (e) {{}}
        const last = store ? Number(store.getItem(data.key) || 0) : 0;
        const fresh = data.items.filter((item) => item.seq > last).slice(-2);
        const chime = () => {{  // two rising tones, made here (no sound file is fetched)
          try {{
            const audio = new (target.AudioContext || target.webkitAudioContext)();
            [[660, 0], [880, 0.18]].forEach(([hz, at]) => {{
              const tone = audio.createOscillator(), gain = audio.createGain();
              tone.frequency.value = hz;
              gain.gain.setValueAtTime(0.25, audio.currentTime + at);
              gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + at + 0.3);
              tone.connect(gain).connect(audio.destination);
              tone.start(audio.currentTime + at);
              tone.stop(audio.currentTime + at + 0.35);
            }});
            target.__posecoachChimes = (target.__posecoachChimes || 0) + 1;
          }} catch (e) {{}}
        }};
        if (fresh.length && target.speechSynthesis) {{
          if (store) store.setItem(data.key, String(fresh[fresh.length - 1].seq));
          if (target.speechSynthesis.pending) target.speechSynthesis.cancel();  // never queue up stale speech
          if (fresh.some((item) => item.chime)) chime();
          for (const item of fresh) target.speechSynthesis.speak(new target.SpeechSynthesisUtterance(item.text));
        }}
        </script>""",
        height=0,
    )
