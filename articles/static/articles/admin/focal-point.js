// Photo library: click the subject in the preview to set the focal point that
// the 16:9, 4:3 and 1:1 crops keep in frame. The number fields stay the source of
// truth (and work without this script); a marker shows the point chosen.
"use strict";
window.addEventListener("DOMContentLoaded", function () {
  const picture = document.querySelector("img.focal-point-picker");
  const x = document.getElementById("id_focal_x");
  const y = document.getElementById("id_focal_y");
  if (!picture || !x || !y) {
    return;
  }
  const frame = document.createElement("span");
  frame.style.position = "relative";
  frame.style.display = "inline-block";
  picture.parentNode.insertBefore(frame, picture);
  frame.appendChild(picture);
  const marker = document.createElement("span");
  marker.setAttribute("aria-hidden", "true");
  marker.style.cssText =
    "position:absolute;width:18px;height:18px;margin:-11px 0 0 -11px;" +
    "border:2px solid #fff;border-radius:50%;box-shadow:0 0 0 2px #c00;" +
    "pointer-events:none";
  frame.appendChild(marker);
  function show() {
    marker.style.left = (Number(x.value) || 0) + "%";
    marker.style.top = (Number(y.value) || 0) + "%";
  }
  picture.addEventListener("click", function (event) {
    const box = picture.getBoundingClientRect();
    const clamp = (v) => Math.max(0, Math.min(100, Math.round(v)));
    x.value = clamp(((event.clientX - box.left) / box.width) * 100);
    y.value = clamp(((event.clientY - box.top) / box.height) * 100);
    show();
  });
  x.addEventListener("input", show);
  y.addEventListener("input", show);
  show();
});
