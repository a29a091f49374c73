/**
 * Closed-loop disposal (闭环处置): one case per alert, moved by people through
 * {@code raised → received → dispatched → handled → verified → closed} (plus {@code rejected} and
 * {@code false_alarm}) under the role rules of {@link dev.vigil.gateway.cases.CaseState}, with
 * deadlines per level, rule kind, profile and rule ({@link dev.vigil.gateway.cases.Deadlines})
 * that escalate when missed.
 *
 * <ul>
 *   <li>{@link dev.vigil.gateway.cases.CaseBook}: the cases and their logic, single-threaded,
 *       clock passed in.</li>
 *   <li>{@link dev.vigil.gateway.cases.CasesVerticle}: owns the book on its own context, follows the
 *       rules' alert events, stores every step in {@code alert_events} (in the alert event chain),
 *       publishes it to the stream and the webhook, and rebuilds the book at start-up.</li>
 *   <li>{@link dev.vigil.gateway.cases.CasesApi}: {@code GET /api/v1/cases},
 *       {@code GET /api/v1/cases/{id}}, {@code POST /api/v1/cases/{id}/transitions}.</li>
 * </ul>
 */
package dev.vigil.gateway.cases;
