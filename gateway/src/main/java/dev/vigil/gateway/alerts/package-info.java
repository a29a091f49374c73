/**
 * The rules engine inside the gateway: alerts evaluated on every reading, stored in InfluxDB,
 * served over HTTP and pushed to live subscribers and a webhook.
 *
 * <ul>
 *   <li>{@link dev.vigil.gateway.rulehost.RulesVerticle} hashes devices onto
 *       {@code alerts.rule_contexts} single-threaded {@code RuleEngine}s, each on its own worker
 *       context with a bounded queue ({@code alerts.rule_queue}); readings hop there from the
 *       pipeline, the rule code is warmed up before ready ({@code alerts.warmup_ms}), a tick
 *       ({@code alerts.tick_ms}) lets offline rules and holds elapse, rule / profile / zone files
 *       are polled ({@code alerts.reload_poll_ms}) and reloaded, a broken change refused.</li>
 *   <li>{@link dev.vigil.gateway.alerts.InfluxAlertStore} writes every alert event to measurement
 *       {@code alert_events} (tags device, enterprise, region, profile, rule, level, kind; fields
 *       alert_id, rule_version, message, evidence JSON, actor, comment, previous) and last-seen
 *       times to {@code device_last_seen}; both are read back at start-up so a restart neither
 *       raises a duplicate nor loses a clear.</li>
 *   <li>{@link dev.vigil.gateway.alerts.AlertsApi}: {@code GET /api/alerts} (filters level,
 *       min_level, enterprise, region, profile, device, rule, state=open|closed|all, from, to,
 *       limit), {@code GET /api/alerts/{id}} with its events, {@code POST /api/alerts/{id}/ack}
 *       ({@code {"user": ..., "comment": ...}}; 400 naming the missing field, 404 unknown, 409
 *       already acknowledged; a closed alert still in memory may be acknowledged),
 *       {@code GET /api/alerts/stream} (SSE, or WebSocket with Upgrade; same filters) and
 *       {@code GET /api/rules} (running rules and the last reload's problems).</li>
 *   <li>{@link dev.vigil.gateway.alerts.CaseEvent}: the steps of an alert's disposal case (see
 *       {@code dev.vigil.gateway.cases}) stored in the same measurement and chain, kind
 *       {@code TRANSITION} or {@code OVERDUE} (fields case_from, case_to, step, escalation, due),
 *       and published on the same stream and webhook.</li>
 *   <li>{@link dev.vigil.gateway.alerts.WebhookSink} POSTs events at or above
 *       {@code webhook.min_level} with retries and doubling back-off.</li>
 * </ul>
 */
package dev.vigil.gateway.alerts;
