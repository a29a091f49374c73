package dev.vigil.rules.model;

import dev.vigil.rules.Level;

/**
 * What one level of a rule needs: its condition and how long it must hold.
 *
 * @param level      the level
 * @param comparison threshold-style condition (threshold, window, rate kinds), else null
 * @param when       CEL expression (expression kind), else null
 * @param forMillis  the condition must hold this long before the level is entered (0 = at once)
 * @param count      ... and for this many consecutive evaluations (1 = the first one)
 * @param afterMillis silence that enters this level (offline kind), else 0
 * @param line       line of the level in its file (for messages)
 */
public record LevelSpec(Level level, Comparison comparison, String when, long forMillis, int count,
                        long afterMillis, int line) {
}
