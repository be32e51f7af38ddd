package io.whyrec.explain.narrate;

import java.util.List;

/**
 * The sentence shown for an explanation and who wrote it.
 *
 * @param text       the sentence
 * @param narrator   the name of the narrator that wrote {@code text} ("template" when the template answered)
 * @param requested  the narrator configured ("template", or e.g. "openai:MODEL")
 * @param grounded   whether the configured narrator's sentence passed the grounding gate (always true for the
 *                   template)
 * @param rejections why the configured narrator's sentence was not shown, empty when it was
 * @param nanos      how long the configured narrator took, in nanoseconds
 */
public record Narration(String text, String narrator, String requested, boolean grounded, List<String> rejections,
                        long nanos) {

    /** Copies the list. */
    public Narration {
        rejections = List.copyOf(rejections);
    }

    /** Whether the template answered in place of the configured narrator. */
    public boolean fellBack() {
        return !narrator.equals(requested);
    }
}
