// Check-in: scan a ticket's QR with the phone camera where the browser has BarcodeDetector;
// the code field (paste or type) works everywhere and without JavaScript.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector(".checkin__camera");
    var form = document.getElementById("checkin-form");
    if (!box || !form || !("BarcodeDetector" in window) || !navigator.mediaDevices) return;
    var button = document.getElementById("checkin-camera");
    var video = document.getElementById("checkin-video");
    var field = form.querySelector("input[name=code]");
    var stream = null;
    var detector;
    try { detector = new window.BarcodeDetector({ formats: ["qr_code"] }); } catch (e) { return; }
    box.hidden = false;

    function stop() {
      if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
      stream = null;
      video.hidden = true;
      button.textContent = box.dataset.startLabel;
    }

    function tick() {
      if (!stream) return;
      detector.detect(video).then(function (codes) {
        if (codes.length && codes[0].rawValue) {
          field.value = codes[0].rawValue;
          stop();
          form.submit();
        } else {
          window.requestAnimationFrame(tick);
        }
      }).catch(function () { window.setTimeout(tick, 300); });
    }

    video.hidden = true;
    button.addEventListener("click", function () {
      if (stream) { stop(); return; }
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (s) {
        stream = s;
        video.srcObject = s;
        video.hidden = false;
        button.textContent = box.dataset.stopLabel;
        video.play().then(tick);
      }).catch(stop);
    });
  });
})();
