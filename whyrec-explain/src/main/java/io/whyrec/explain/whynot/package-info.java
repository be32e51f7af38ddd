/**
 * "Why is X not in my list?": {@link io.whyrec.explain.whynot.WhyNot} ranks an item the user asked about,
 * lists the events of the history that hold it back (negative contributions, and events that lift the K-th
 * item more than this one), and searches the smallest change of the history that would bring it into the
 * top-K, either removing events or adding new ones, every candidate change checked by re-ranking the whole
 * catalogue with the model. {@link io.whyrec.explain.whynot.WhyNotText} writes the answer as English or
 * Chinese sentences that name only the asked item, items of the user's history and the items a change adds.
 */
package io.whyrec.explain.whynot;
