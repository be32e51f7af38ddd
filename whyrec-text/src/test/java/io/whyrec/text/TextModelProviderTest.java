package io.whyrec.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.core.model.Models;
import org.junit.jupiter.api.Test;

/** With whyrec-text on the class path the registry offers its models without any explicit registration call. */
class TextModelProviderTest {

    @Test
    void registryFindsContentAndHybridThroughTheServiceLoader() {
        assertTrue(Models.names().containsAll(java.util.List.of("pop", "itemknn", "ease", "ials", "profile", "content",
                "hybrid")), Models.names().toString());
        assertEquals("content", Models.require("content").name());
        assertEquals("hybrid", Models.require("hybrid").name());
    }
}
