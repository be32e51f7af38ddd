package io.whyrec.server.feedback;

/**
 * One user's answer to one explanation, as stored (table {@code explanation_feedback}, erased with the user). A
 * user's second answer to the same explanation id replaces the first.
 *
 * @param user          the user
 * @param item          the explained item
 * @param explanationId the id the server issued with the explanation ({@link ExplanationIds})
 * @param helpful       whether the user found it helpful
 * @param reason        the user's optional reason, or null
 * @param issued        model, version, method, narrator, language and arm, read from the id
 * @param ts            when the answer was stored, in seconds since the epoch
 */
public record Feedback(String user, String item, String explanationId, boolean helpful, String reason,
                       ExplanationIds.Issued issued, long ts) {
}
