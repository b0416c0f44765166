"""The Rich console every command prints through, with text from outside made inert on the way out.

Why at the console: article titles, evidence, origins, notes and rule text reach the terminal through many
views (tables, panels, plain lines), and one missed cell is enough for an escape sequence in a title to
retitle the analyst's terminal or rewrite what it shows. Rich keeps the text of what it prints (segments)
apart from the escape codes it makes itself (styles, and control segments for cursor movement), so
cleaning every text segment with `alerts.textsafe.for_terminal` removes what came from the data and nothing
Rich needs. Rich's own `strip_control_codes` removes only BEL, BS, VT, FF and CR, not ESC.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console
from rich.segment import Segment

from alerts.textsafe import for_terminal


class SafeConsole(Console):
    """A `rich.console.Console` that strips terminal escape sequences and control characters from all text."""

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        return super()._render_buffer(
            segment if segment.control else Segment(for_terminal(segment.text), segment.style, segment.control)
            for segment in buffer
        )
