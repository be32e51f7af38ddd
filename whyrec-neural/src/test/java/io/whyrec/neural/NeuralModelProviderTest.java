package io.whyrec.neural;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.whyrec.core.model.Models;
import org.junit.jupiter.api.Test;

/** With whyrec-neural on the class path the registry offers "sasrec" without any explicit registration call. */
class NeuralModelProviderTest {

    @Test
    void registryFindsSasRecThroughTheServiceLoader() {
        assertEquals("sasrec", Models.require("sasrec").name());
    }
}
