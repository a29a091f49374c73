/**
 * Evidence checks: the tamper-evident alert event chain ({@link dev.vigil.gateway.evidence.ChainVerifier})
 * and exported files against their export records ({@link dev.vigil.gateway.evidence.ExportVerifier}),
 * used by {@code vigil evidence verify}.
 */
package dev.vigil.gateway.evidence;
