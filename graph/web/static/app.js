// sopgraph's run page: draw the diagrams, follow the run over server-sent events.
// Model text only ever reaches the DOM as textContent; mermaid runs at securityLevel 'strict'.
"use strict";

let diagrams = 0;

// One diagram at a time, each with its own id: mermaid.run names its diagrams after
// Date.now(), so diagrams drawn in the same millisecond shared ids and drew into each other.
async function drawDiagrams(root) {
  if (!window.mermaid) { return; }
  const nodes = Array.from(root.querySelectorAll("pre.mermaid:not([data-processed])"));
  for (const node of nodes) {
    node.dataset.processed = "true";
    const text = node.textContent;
    try {
      if (!(await window.mermaid.parse(text, { suppressErrors: true }))) {
        node.dataset.invalid = "true";  // shown as its source text
        continue;
      }
      diagrams += 1;
      const drawn = await window.mermaid.render("sopgraph-diagram-" + diagrams, text);
      node.innerHTML = drawn.svg;  // mermaid's own output, sanitized at securityLevel 'strict'
    } catch (error) {
      node.dataset.invalid = "true";
    }
  }
  highlightRunning();
}

function highlightRunning() {
  const graph = document.getElementById("sop-graph");
  if (!graph) { return; }
  const running = (graph.dataset.running || "").split(",").filter(Boolean);
  graph.querySelectorAll("g.node").forEach(function (node) {
    const match = /flowchart-(.+)-\d+$/.exec(node.id || "");
    node.classList.toggle("running", !!match && running.indexOf(match[1]) >= 0);
  });
}

function addEntry(list, entry) {
  const item = document.createElement("li");
  item.dataset.live = "true";  // arrived over the event stream, not with the page
  const parts = [["at", entry.at], ["b", entry.role], ["i", entry.action], ["artifact", entry.artifact]];
  parts.forEach(function (part) {
    const el = document.createElement(part[0] === "b" || part[0] === "i" ? part[0] : "span");
    if (part[0] !== "b" && part[0] !== "i") { el.className = part[0]; }
    el.textContent = part[1];
    item.appendChild(el);
    item.appendChild(document.createTextNode(" "));
  });
  item.appendChild(document.createTextNode(entry.summary));
  list.appendChild(item);
}

function refreshArtifacts(thread) {
  return fetch("/runs/" + encodeURIComponent(thread) + "/artifacts", { credentials: "same-origin" })
    .then(function (answer) { return answer.ok ? answer.text() : null; })
    .then(function (html) {
      if (html === null) { return; }
      const box = document.getElementById("artifacts");
      box.innerHTML = html;  // server-rendered, every model string escaped there
      return drawDiagrams(box);
    });
}

function follow(run) {
  const thread = run.dataset.thread;
  const status = document.getElementById("status");
  const timeline = document.getElementById("timeline");
  const url = "/runs/" + encodeURIComponent(thread) + "/events?after=" + encodeURIComponent(run.dataset.count || "0");
  const source = new EventSource(url);
  let pending = null;
  source.addEventListener("messages", function (event) {
    const data = JSON.parse(event.data);
    data.entries.forEach(function (entry) { addEntry(timeline, entry); });
    run.dataset.count = String(data.count);
    clearTimeout(pending);
    pending = setTimeout(function () { refreshArtifacts(thread); }, 300);
  });
  source.addEventListener("state", function (event) {
    const data = JSON.parse(event.data);
    status.textContent = data.status;
    status.className = "status " + data.status;
    document.getElementById("sop-graph").dataset.running = data.running.join(",");
    highlightRunning();
  });
  source.addEventListener("end", function (event) {
    source.close();
    const data = JSON.parse(event.data);
    // The review form and a job's error are drawn by the server: load the page once for
    // them. Everything else (log, status, artifacts) has already been updated in place.
    if ((data.status === "awaiting_review" && !document.getElementById("review")) || data.error) {
      window.location.reload();
    } else {
      refreshArtifacts(thread);
    }
  });
}

document.addEventListener("DOMContentLoaded", function () {
  if (window.mermaid) {
    window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "neutral" });
  }
  drawDiagrams(document).then(function () {
    document.body.dataset.diagrams = "drawn";
  });
  const run = document.getElementById("run");
  if (run) { follow(run); }
});
