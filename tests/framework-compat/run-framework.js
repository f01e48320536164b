"use strict";
// Runs the public mesos-framework scheduler client against a master: subscribes, lets the library accept offers and
// launch N shell tasks, and exits 0 once all N are TASK_RUNNING (after a TEARDOWN), or 1 on timeout or error.
// Usage: node run-framework.js <master-host> <master-port> <instances> <log-dir>
var Scheduler = require("mesos-framework").Scheduler;
var Mesos = require("mesos-framework").Mesos.getMesos();

var host = process.argv[2];
var port = parseInt(process.argv[3], 10);
var instances = parseInt(process.argv[4], 10);
var logDir = process.argv[5];

var running = {};
var scheduler = new Scheduler({
    masterUrl: host,
    port: port,
    frameworkName: "drydock-compat",
    masterConnectionTimeout: 10,
    logging: { path: logDir, fileName: "framework.log", level: "info" },
    tasks: {
        sleeper: {
            priority: 1,
            instances: instances,
            commandInfo: new Mesos.CommandInfo(null, null, true, "sleep 60", null, null),
            resources: { cpus: 0.1, mem: 32, ports: 1, disk: 0 }
        }
    },
    handlers: {}
});

function finish(code, message) {
    console.log(message);
    try { scheduler.teardown(); } catch (e) { /* best effort */ }
    setTimeout(function () { process.exit(code); }, 500);
}

scheduler.on("subscribed", function (obj) { console.log("SUBSCRIBED " + obj.frameworkId); });
scheduler.on("update", function (update) {
    var status = update.status;
    if (status && status.state === "TASK_RUNNING") {
        running[status.task_id.value] = true;
        var count = Object.keys(running).length;
        console.log("RUNNING " + status.task_id.value + " (" + count + "/" + instances + ")");
        if (count >= instances) {
            finish(0, "ALL RUNNING " + count);
        }
    }
});
scheduler.on("error", function (error) { console.log("ERROR " + (error.message || JSON.stringify(error))); });
scheduler.on("ready", function () { scheduler.subscribe(); });
setTimeout(function () { finish(1, "TIMEOUT running=" + Object.keys(running).length); }, 60000);
