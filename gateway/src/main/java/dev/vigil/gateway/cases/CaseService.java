package dev.vigil.gateway.cases;

import dev.vigil.gateway.auth.Role;
import io.vertx.core.Future;

import java.util.List;

/** What the HTTP API asks of the running cases ({@link CasesVerticle}); callable from any thread. */
public interface CaseService {

    /**
     * Copies (without timelines) of the first {@code limit} cases in memory that {@code wanted}
     * accepts, newest raised first; {@code wanted} runs on the cases' own thread and must only read.
     */
    Future<List<Case>> cases(java.util.function.Predicate<Case> wanted, int limit);

    /** A copy of one case, or null when unknown. */
    Future<Case> get(String id);

    /** Moves a case, or says why not ({@link CaseBook.Refused}). */
    Future<CaseBook.Outcome> transition(String id, Role role, String actor, CaseState to, String comment);

    /** The deadlines of a case as of now. */
    List<CaseBook.Deadline> deadlines(Case c);

    /** The cases' clock. */
    long now();
}
