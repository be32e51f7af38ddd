package io.whyrec.server.api;

import io.whyrec.api.EventAttribution;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The selection of the events an explanation lists. */
class ViewsTest {

    private static EventAttribution at(int position, double contribution) {
        return new EventAttribution(position, position, 0, 1.0, contribution);
    }

    @Test
    void largestKeepsTheBiggestAbsoluteContributionsEarliestFirstOnTies() {
        // contributions by position: 0.1, -0.5, 0, 0.3, 0.5, -0.05, 0.3
        // |c| sorted: 0.5 (pos 1), 0.5 (pos 4), 0.3 (pos 3), 0.3 (pos 6), 0.1, 0.05; the zero is never listed
        List<EventAttribution> evs = List.of(at(0, 0.1), at(1, -0.5), at(2, 0), at(3, 0.3), at(4, 0.5),
                at(5, -0.05), at(6, 0.3));
        assertEquals(List.of(1, 4, 3), Views.largest(evs, 3).stream().map(EventAttribution::position).toList());
        assertEquals(List.of(1, 4, 3, 6, 0, 5),
                Views.largest(evs, 10).stream().map(EventAttribution::position).toList());
        assertEquals(List.of(), Views.largest(evs, 0));
    }
}
