// Check-in: scan a ticket's QR with the phone camera. The browser's own BarcodeDetector reads it
// where it can read QR codes (Chrome on Android, macOS); elsewhere (Safari, Firefox, desktop
// Linux) the vendored jsQR reads the camera's frames, loaded only when the camera starts.
// The code field (paste or type) works everywhere and without JavaScript.
(function () {
  "use strict";

  function nativeReader() {
    if (!("BarcodeDetector" in window)) return Promise.resolve(null);
    return window.BarcodeDetector.getSupportedFormats().then(function (formats) {
      if (formats.indexOf("qr_code") < 0) return null;
      var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      return function (video) {
        return detector.detect(video).then(function (codes) {
          return codes.length ? codes[0].rawValue : null;
        });
      };
    }).catch(function () { return null; });
  }

  function loadJsQR(src) {
    if (window.jsQR) return Promise.resolve(window.jsQR);
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = function () { resolve(window.jsQR); };
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function frameReader(src) {
    var canvas = document.createElement("canvas");
    var context = canvas.getContext("2d", { willReadFrequently: true });
    return loadJsQR(src).then(function (jsQR) {
      return function (video) {
        var width = video.videoWidth, height = video.videoHeight;
        if (!width || !height) return Promise.resolve(null);
        // Phones give large frames; a QR on a ticket is still readable at 640 px wide.
        var scale = Math.min(1, 640 / width);
        canvas.width = Math.round(width * scale);
        canvas.height = Math.round(height * scale);
        context.drawImage(video, 0, 0, canvas.width, canvas.height);
        var image = context.getImageData(0, 0, canvas.width, canvas.height);
        var code = jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
        return Promise.resolve(code ? code.data : null);
      };
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector(".checkin__camera");
    var form = document.getElementById("checkin-form");
    if (!box || !form || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
    var button = document.getElementById("checkin-camera");
    var video = document.getElementById("checkin-video");
    var field = form.querySelector("input[name=code]");
    var stream = null;
    var read = null;
    box.hidden = false;
    video.hidden = true;

    function stop() {
      if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
      stream = null;
      video.hidden = true;
      button.textContent = box.dataset.startLabel;
    }

    function tick() {
      if (!stream) return;
      read(video).then(function (value) {
        if (value) {
          field.value = value;
          stop();
          form.submit();
        } else {
          window.setTimeout(tick, 150);
        }
      }).catch(function () { window.setTimeout(tick, 300); });
    }

    button.addEventListener("click", function () {
      if (stream) { stop(); return; }
      button.disabled = true;  // one camera at a time, even when clicked twice
      var opened = null;
      var camera = navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } })
        .then(function (s) { opened = s; return s; });
      var reader = read ? Promise.resolve(read) : nativeReader().then(function (native) {
        return native || frameReader(box.dataset.jsqr);
      });
      Promise.all([reader, camera])
        .then(function (both) {
          read = both[0];
          stream = both[1];
          video.srcObject = stream;
          video.hidden = false;
          button.textContent = box.dataset.stopLabel;
          return video.play();
        })
        .then(tick)
        .catch(function () {
          // The reader failed to load after the camera opened: turn the camera off again.
          if (opened && opened !== stream) opened.getTracks().forEach(function (t) { t.stop(); });
          stop();
        })
        .then(function () { button.disabled = false; });
    });
  });
})();
