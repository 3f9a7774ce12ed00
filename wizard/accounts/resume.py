"""An unfinished account, named so that it can be offered again: "Continúe el registro de …, paso 3 de 4"."""
from dataclasses import dataclass

from wizard.accounts import service
from wizard.accounts.service import STEPS


@dataclass(frozen=True)
class Unfinished:
    name: str  # as typed in "Nombre de la Entidad", or "" before the form
    step: int  # 1-based: the step the wizard resumes at
    total: int = len(STEPS)

    @property
    def title(self) -> str:
        return f"Continúe el registro de {self.name or 'su Entidad'}, paso {self.step} de {self.total}"


def unfinished(user_id: int) -> Unfinished | None:
    """The user's account wizard in progress, or None."""
    draft = service.get_draft(user_id)
    if draft is None or not draft.data:  # opened, nothing answered yet: nothing to resume
        return None
    name = str(service.answers(draft, "formulario").get("nombre") or "").strip()
    return Unfinished(name=name, step=service.open_step(draft) + 1)
