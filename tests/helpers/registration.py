"""Section 1 as a person would fill it in."""
import re

VALID = {
    "full_name": "Víctor Alfonso Ruiz",
    "country": "CO",
    "email": "Victor.Ruiz@Correo.example",
    "username": "victor_2018",
    "password": "Clave2026segura",
    "confirm": "Clave2026segura",
    "security_question": "mascota",
    "security_answer": "Firulais",
    "mobile_phone": "300 123 4567",
    "timezone": "America/Bogota",
}


def form(**changes) -> dict:
    data = dict(VALID)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def register(client, **changes):
    return client.post("/registro/", data=form(**changes))


def check_field(client, name: str, **changes) -> str:
    response = client.post(f"/registro/validar?campo={name}", data=form(**changes))
    assert response.status_code == 200
    return response.get_data(as_text=True)


def link_in(text: str) -> str:
    """The path of the first portal link in an email."""
    match = re.search(r"https?://[^/\s]+(/\S+)", text)
    assert match, text
    return match.group(1)


def without_tokens(html: str) -> str:
    """The page without its CSRF tokens, which are signed with the time and so differ from second to second."""
    html = re.sub(r'(name="csrf-token" content=")[^"]+', r"\1", html)
    return re.sub(r'(name="csrf_token" (?:type="hidden" )?value=")[^"]+', r"\1", html)
