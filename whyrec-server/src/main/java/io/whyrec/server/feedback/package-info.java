/**
 * What users tell us back about the explanations: the A/B arms of explanation styles ({@link
 * io.whyrec.server.feedback.ExplanationArms}, assigned per user by a seeded hash), the explanation ids the server
 * issues and reads back ({@link io.whyrec.server.feedback.ExplanationIds}), the stored answers ({@link
 * io.whyrec.server.feedback.Feedback}) and the satisfaction report over them ({@link
 * io.whyrec.server.feedback.SatisfactionReport}: helpful rates with Wilson intervals, arms compared by Newcombe's
 * interval).
 */
package io.whyrec.server.feedback;
