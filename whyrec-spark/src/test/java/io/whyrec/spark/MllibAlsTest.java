package io.whyrec.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.History;
import io.whyrec.api.WeightedEvent;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class MllibAlsTest {

    @Test
    void cellsSumTheWeightsOfAnItemsEventsAndSkipMutedOnes() {
        History h = new History(3, List.of(new WeightedEvent(7, 1, 1, 1, 1, 0.5),
                new WeightedEvent(7, 2, 1, 1, 1, 0.25), new WeightedEvent(9, 3, 1, 1, 1, 0.0),
                new WeightedEvent(4, 4, 1, 1, 1, 2.0)));
        List<Row> rows = MllibAls.cells(new History[]{h});
        assertEquals(2, rows.size(), "item 9's only event is muted, so it is no cell: " + rows);
        for (Row r : rows) {
            assertEquals(3, r.getInt(0));
            float expected = r.getInt(1) == 7 ? 0.75f : 2.0f;
            assertEquals(expected, r.getFloat(2), 1e-7, "rating of item " + r.getInt(1));
        }
    }

    @Test
    void regParamGivesTheSameTotalRegularisationWeightAsLambda() {
        double reg = MllibAls.regParam(50, 900, 1600, 90_000);
        // ALS-WR: sum over rows of regParam * n_row = regParam * 2 * cells; whyrec: lambda * (users + items).
        assertEquals(50.0 * 2500, reg * 2 * 90_000, 1e-6);
        assertTrue(reg < 50);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MllibAls.regParam(50, 0, 0, 0));
        assertTrue(e.getMessage().contains("no observed cells"), e.getMessage());
    }
}
