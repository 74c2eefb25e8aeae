"""The organiser's phone reads a ticket's QR through the camera and checks the person in.

Chromium gets a fake camera that films the ticket's QR code (a Y4M file made here from the
same payload the ticket shows). Desktop Linux Chromium has no QR-reading BarcodeDetector, so
this runs the vendored jsQR fallback that Safari and Firefox use as well."""

import pytest
import segno
from PIL import Image

from birgemiz.conftest import CHROMIUM
from birgemiz.events import services, tickets
from birgemiz.events.models import Registration
from birgemiz.events.tests.test_browser_events import _sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def write_y4m(path, payload: str, *, width=640, height=480) -> None:
    """One frame of a white page with the QR code in the middle, as raw YUV 4:2:0."""
    qr = segno.make(payload, error="m")
    side = qr.symbol_size(scale=1, border=4)[0]
    scale = max(1, (height - 40) // side)
    frame = Image.new("RGB", (width, height), "white")
    code = Image.new("1", (side, side), 1)
    for y, row in enumerate(qr.matrix_iter(scale=1, border=4)):
        for x, dark in enumerate(row):
            if dark:
                code.putpixel((x, y), 0)
    code = code.resize((side * scale, side * scale), Image.NEAREST).convert("RGB")
    frame.paste(code, ((width - code.width) // 2, (height - code.height) // 2))
    y, u, v = frame.convert("YCbCr").split()
    half = (width // 2, height // 2)
    with open(path, "wb") as f:
        f.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode())
        f.write(b"FRAME\n" + y.tobytes() + u.resize(half).tobytes() + v.resize(half).tobytes())


@pytest.fixture
def camera_page(browser_type, browser_type_launch_args, tmp_path):
    """A page in a Chromium whose camera films ``tmp_path/camera.y4m``."""
    launched = []

    def open_page(payload: str):
        video = tmp_path / "camera.y4m"
        write_y4m(video, payload)
        args = browser_type_launch_args.get("args", [])
        browser = browser_type.launch(
            executable_path=CHROMIUM,
            args=[
                *args,
                "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream",
                f"--use-file-for-fake-video-capture={video}",
            ],
        )
        launched.append(browser)
        return browser.new_page(viewport={"width": 390, "height": 844}, locale="ru-RU")

    yield open_page
    for browser in launched:
        browser.close()


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_the_camera_reads_the_ticket_and_checks_the_person_in(
    live_server, camera_page, event, ngo_leader, people, lang
):
    registration = services.registration_create(event=event, user=people[0])
    assert registration.status == "confirmed"
    page = camera_page(tickets.ticket_payload(registration))
    _sign_in(page, live_server, lang, ngo_leader.email)
    page.goto(f"{live_server.url}/{lang}/events/{event.slug}/check-in/")
    page.click("#checkin-camera")
    page.wait_for_selector(".checkin-result", timeout=15_000)
    assert people[0].full_name in page.locator(".checkin-result").inner_text()
    assert Registration.objects.get(pk=registration.pk).checked_in_at is not None
