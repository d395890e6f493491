"""Turn a learner's progress into a printed slip: render the PDF, keep it, send it to the printer.

The PDF is written to the documents folder before printing, so a missing printer or a failed job
loses nothing: the outcome says so in plain words and names the saved file.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.errors import KioskError
from kiosk.i18n import tr
from lessons.visit import SlipFacts

if TYPE_CHECKING:
    from kiosk.reports import data as rd
    from kiosk.reports.printing import PrintBackend

log = logging.getLogger(__name__)


SimTitles = Callable[[str, str], str]
"""(simulation id, language) → the simulation's title, for the slip's practice lines."""

MAX_GROUPS = 6
"""Skill groups printed on a slip (more would spill onto a second page)."""


@dataclass(frozen=True)
class SlipResult:
    """The saved PDF, whether it was printed, and a sentence for the learner."""

    pdf_path: str
    printed: bool
    message: str


def to_document(
    facts: SlipFacts, lang: str, centre: str, today: date, sim_titles: SimTitles | None = None
) -> rd.ProgressSlip:
    """The reportlab input record for a learner's slip, in the learner's language."""
    from kiosk.reports import data as rd  # reportlab loads only when a slip is made

    # One A5 page: the groups the learner has worked in, then those of the next lesson.
    upcoming = set(facts.next_lesson.competencies.d757) if facts.next_lesson else set()
    shown = [g for g in facts.groups if g.done] + [
        g for g in facts.groups if not g.done and g.group in upcoming
    ]
    skills = tuple(
        rd.SkillProgress(rd.SKILL_GROUPS_757[g.group], g.done, g.total)
        for g in shown[:MAX_GROUPS]
        if g.group in rd.SKILL_GROUPS_757
    )

    def title(scenario_id: str) -> str:
        return sim_titles(scenario_id, lang) if sim_titles else scenario_id

    sims = tuple(
        rd.SimulationScore(
            title(a.scenario_id),
            a.steps_done,
            a.steps_total,
            a.mistakes,
            a.hints_used,
            a.completed,
        )
        for a in facts.simulations[-4:]
    )
    return rd.ProgressSlip(
        learner_code=facts.code,
        learner_name=facts.display_name,
        centre=centre,
        issued_on=today,
        lessons=tuple(
            rd.LessonDone(les.title.get(lang), date.fromisoformat(day), les.code)
            for les, day in facts.done
        ),
        skills=skills,
        next_lesson=facts.next_lesson.title.get(lang) if facts.next_lesson else None,
        simulations=sims,
    )


class SlipPrinter:
    """Callable used by the kiosk window (off the UI thread) to produce and print a slip."""

    def __init__(
        self,
        documents_dir: Path,
        centre: str,
        printer: str = "",
        today: date | None = None,
        sim_titles: SimTitles | None = None,
        backend: PrintBackend | None = None,
    ) -> None:
        """Args: where PDFs are kept, the centre's name, the CUPS queue ("" = default), and the
        print backend (the system's CUPS unless a test passes a stand-in)."""
        self.documents_dir, self.centre, self.printer = documents_dir, centre, printer
        self.today, self.sim_titles = today, sim_titles
        self._backend = backend

    @property
    def backend(self) -> PrintBackend:
        """The print queue client, made on first use (reportlab and CUPS stay off start-up)."""
        if self._backend is None:
            from kiosk.reports.printing import CupsPrinting

            self._backend = CupsPrinting()
        return self._backend

    def __call__(self, facts: SlipFacts, lang: str) -> SlipResult:
        """Render, save, print. Printer problems become the outcome's message, never an error.

        Raises:
            KioskError: the PDF itself could not be written (disk full, read-only folder).
        """
        from kiosk.reports.slip import render_progress_slip

        day = self.today or date.today()
        doc = to_document(facts, lang, self.centre, day, self.sim_titles)
        path = self.documents_dir / "slips" / f"phieu-{facts.code}-{day.isoformat()}.pdf"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            render_progress_slip(doc, path)
        except OSError as exc:
            log.error("Không lưu được phiếu %s: %s", path, exc)
            raise KioskError(
                tr(
                    "Máy không lưu được phiếu (bộ nhớ đầy hoặc bị khóa). Bác nhớ mã {code} nhé.",
                    lang,
                    code=facts.code,
                ),
                str(exc),
            ) from exc
        try:
            job = self.backend.submit(
                path, printer=self.printer or None, title=f"phieu-{facts.code}"
            )
        except KioskError as exc:
            log.warning("In phiếu không được: %s (đã lưu %s)", exc, path)
            return SlipResult(
                str(path),
                False,
                tr(
                    "Chưa in được: {reason} Phiếu đã được lưu lại, cán bộ có thể in sau. "
                    "Mã của bác là {code}.",
                    lang,
                    reason=exc.message,
                    code=facts.code,
                ),
            )
        log.info("Đã gửi phiếu %s tới máy in %s (job %s)", path, job.printer, job.job_id)
        # The queue took the job; whether paper comes out depends on the printer (it may be
        # paused or out of paper), so the words promise no more than that.
        return SlipResult(
            str(path),
            True,
            tr(
                "Đã gửi phiếu tới máy in. Bác lấy phiếu ở máy in nhé. Nếu không thấy phiếu, "
                "bác nhờ cán bộ; mã của bác là {code}.",
                lang,
                code=facts.code,
            ),
        )
