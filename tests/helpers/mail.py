"""A real SMTP server for tests (aiosmtpd) and what a person reads in the messages it received."""
import email
import time
from email import policy
from email.message import Message

from aiosmtpd.controller import Controller

from tests.helpers.net import free_port


class _Handler:
    def __init__(self):
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


class SMTPServer:
    """A real SMTP server (aiosmtpd) on a free local port, keeping what it receives."""

    def __init__(self):
        self.handler = _Handler()
        self.port = free_port()
        self.controller: Controller | None = None

    def start(self) -> None:
        """Listen (again) on the same port; a stopped aiosmtpd controller cannot be restarted."""
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def messages(self) -> list[Message]:
        return self.handler.messages

    def wait_for(self, count: int = 1, timeout: float = 10) -> list[Message]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(self.messages) >= count, f"esperaba {count} correos, llegaron {len(self.messages)}"
        return self.messages


def text_part(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_content()
    return ""
