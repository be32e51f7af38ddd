package io.whyrec.explain;

import io.whyrec.api.History;
import io.whyrec.api.ItemInfo;
import io.whyrec.api.ItemScorer;
import io.whyrec.api.WeightedEvent;
import io.whyrec.explain.whynot.Blocker;
import io.whyrec.explain.whynot.Change;
import io.whyrec.explain.whynot.WhyNot;
import io.whyrec.explain.whynot.WhyNotAnswer;
import io.whyrec.explain.whynot.WhyNotConfig;
import io.whyrec.explain.whynot.WhyNotText;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** "Why not X?": hand-checked ranks, reasons and changes, text in en/zh, and verified changes on random models. */
class WhyNotTest {

    // ---- an independent re-ranking, written without the production code -----------------------------------

    /**
     * The history with some positions removed, new events appended (timed and weighted like the last one) and
     * then "not interested" events (the same with the weight negated).
     */
    private static History changed(History h, Set<Integer> removed, List<Integer> added, List<Integer> dismissed) {
        List<WeightedEvent> events = new ArrayList<>();
        for (int t = 0; t < h.size(); t++) {
            if (!removed.contains(t)) {
                events.add(h.event(t));
            }
        }
        for (int item : added) {
            if (h.size() == 0) {
                events.add(WeightedEvent.unit(item, 0));
            } else {
                WeightedEvent last = h.event(h.size() - 1);
                events.add(new WeightedEvent(item, last.timestamp(), last.frequency(), last.heat(), last.decay(),
                        last.weight()));
            }
        }
        for (int item : dismissed) {
            WeightedEvent last = h.size() == 0 ? WeightedEvent.unit(item, 0) : h.event(h.size() - 1);
            events.add(new WeightedEvent(item, last.timestamp(), last.frequency(), last.heat(), last.decay(),
                    -Math.abs(last.weight())));
        }
        return new History(h.user(), events);
    }

    /**
     * Rank of an item for a history: the items of the scored history (the reduced one after a removal, whose
     * removed items compete again; the original plus the added ones after an addition) do not compete.
     */
    private static int rank(ItemScorer model, History original, History scored, List<Integer> added, int item) {
        double[] s = new double[model.numItems()];
        model.score(scored, s);
        Set<Integer> out = new HashSet<>(added);
        for (int i : scored.items()) {
            out.add(i);
        }
        int ahead = 0;
        for (int j = 0; j < s.length; j++) {
            if (j != item && !out.contains(j) && (s[j] > s[item] || (s[j] == s[item] && j < item))) {
                ahead++;
            }
        }
        return ahead + 1;
    }

    /** Rank of an item after a change, by the independent loop above. */
    private static int rankAfter(ItemScorer model, History h, Change c, int item) {
        History edited = changed(h, new HashSet<>(c.removedPositions()), c.addedItems(), c.dismissedItems());
        return rank(model, h, edited, List.of(), item);
    }

    /** Undoing any single element of a verified change takes the item out of the top-K again. */
    private static void assertOneMinimal(ItemScorer model, History h, Change c, int item, int k) {
        for (int i = 0; i < c.size(); i++) {
            Set<Integer> removed = new HashSet<>(c.removedPositions());
            List<Integer> added = new ArrayList<>(c.addedItems());
            List<Integer> dismissed = new ArrayList<>(c.dismissedItems());
            int nr = c.removedPositions().size();
            int na = c.addedItems().size();
            if (i < nr) {
                removed.remove(c.removedPositions().get(i));
            } else if (i < nr + na) {
                added.remove(i - nr);
            } else {
                dismissed.remove(i - nr - na);
            }
            int r = rank(model, h, changed(h, removed, added, dismissed), List.of(), item);
            assertTrue(r > k, "element " + i + " of " + c + " is not needed (rank " + r + ")");
        }
    }

    // ---- the hand-made case -----------------------------------------------------------------------------------

    /**
     * Items 0..5, history e0 = item 0, e1 = item 1 (weights 1); so 2, 3, 4, 5 compete. K = 2, asked item 4.
     * <pre>
     *   B[0]: item 2: 2, item 4: 1          B[1]: item 3: 3, item 4: -1        B[5]: item 4: 5
     *   scores: item 2: 2, item 3: 3, item 4: 1 - 1 = 0, item 5: 0
     *   ranking: 3 (3), 2 (2), 4 (0, ties with 5 and wins by index) -> item 4 at rank 3; K-th item 2, gap 2
     *   contributions to item 4: e0 +1, e1 -1 -> holding back: e1
     *   margins against item 2: e0 2 - 1 = 1, e1 0 - (-1) = 1 -> tie, e1 first (more negative to item 4)
     *   remove e1: item 2: 2, item 3: 0, item 4: 1 -> rank 2 = K: found with one event
     *   add item 5: item 4 gets 5 -> rank 1: found with one event too; equal size -> removal is chosen
     * </pre>
     */
    static double[][] handB() {
        double[][] b = new double[6][6];
        b[0][2] = 2;
        b[0][4] = 1;
        b[1][3] = 3;
        b[1][4] = -1;
        b[5][4] = 5;
        return b;
    }

    static History handHistory() {
        return new History(3, List.of(WeightedEvent.unit(0, 100), WeightedEvent.unit(1, 200)));
    }

    // items: 0 Heat, 1 Ronin, 2 Fargo, 3 Brazil, 4 Casino, 5 Titanic
    static final ItemInfo INFO = ToyModels.info(List.of("Heat", "Ronin", "Fargo", "Brazil", "Casino", "Titanic"),
            List.of(List.of(), List.of(), List.of(), List.of(), List.of(), List.of()));

    @Test
    void rankGapAndReasonsOfTheHandCase() {
        ToyModels.Linear model = new ToyModels.Linear(handB());
        WhyNotAnswer a = new WhyNot(model, new WhyNotConfig(2, 10, 5, 30)).answer(handHistory(), 4);
        assertEquals(WhyNotAnswer.Status.OUTSIDE_LIST, a.status());
        assertEquals(3, a.rank());
        assertEquals(0.0, a.score(), 1e-12);
        assertEquals(2, a.kthItem());
        assertEquals(2.0, a.kthScore(), 1e-12);
        assertEquals(2.0, a.gap(), 1e-12);
        assertEquals(List.of(new Blocker(1, 1, -1.0, 0.0)), a.holdingBack());
        // both margins are 1; e1 first (its contribution to item 4 is the more negative), then e0
        assertEquals(2, a.liftingKth().size());
        assertEquals(1, a.liftingKth().get(0).position());
        assertEquals(0, a.liftingKth().get(1).position());
        assertEquals(1.0, a.liftingKth().get(1).margin(), 1e-12);
    }

    @Test
    void equalSizedChangesPreferTheRemoval() {
        ToyModels.Linear model = new ToyModels.Linear(handB());
        History h = handHistory();
        WhyNotAnswer a = new WhyNot(model, new WhyNotConfig(2, 10, 5, 30)).answer(h, 4);
        Change c = a.change();
        assertTrue(a.found());
        assertEquals(Change.Kind.REMOVE, c.kind());
        assertEquals(List.of(1), c.removedPositions());
        assertEquals(List.of(1), c.removedItems());
        assertEquals(List.of(), c.addedItems());
        assertEquals(2, c.newRank());
        assertEquals(2, rankAfter(model, h, c, 4));
        assertOneMinimal(model, h, c, 4, 2);
    }

    @Test
    void theAddSearchAloneFindsTheOneItemThatLiftsTheAskedItem() {
        // with removals off: candidates by B[j][4] - B[j][2]: item 5 (5), then 2 and 3 (0). Adding 5 -> item 4
        // scores 5 against 2 and 3 -> rank 1
        ToyModels.Linear model = new ToyModels.Linear(handB());
        History h = handHistory();
        WhyNotAnswer a = new WhyNot(model, new WhyNotConfig(2, 10, 5, 0)).answer(h, 4);
        Change c = a.change();
        assertEquals(Change.Kind.ADD, c.kind());
        assertEquals(List.of(5), c.addedItems());
        assertEquals(1, c.newRank());
        assertTrue(c.verified());
        assertEquals(1, rankAfter(model, h, c, 4));
    }

    @Test
    void addingIsChosenWhenNoRemovalWorks() {
        // items 0..6, history e0 = item 0, e1 = item 1 (weights 1); K = 1, asked item 4.
        // B[0][2] = 2, B[1][3] = 2, B[6][4] = 3: items 2 and 3 score 2, item 4 scores 0 -> rank 3, K-th item 2.
        // No event touches item 4, so nothing holds it back; only e0 lifts the K-th item (margin 2), and removing
        // it leaves item 3 ahead and item 2 tied at 0, winning by index (still rank 3). Adding item 6 gives item 4
        // the score 3 -> rank 1.
        double[][] b = new double[7][7];
        b[0][2] = 2;
        b[1][3] = 2;
        b[6][4] = 3;
        ToyModels.Linear model = new ToyModels.Linear(b);
        History h = handHistory();
        WhyNotAnswer a = new WhyNot(model, new WhyNotConfig(1, 10, 5, 30)).answer(h, 4);
        assertEquals(3, a.rank());
        assertEquals(2, a.kthItem());
        assertEquals(List.of(), a.holdingBack());
        assertEquals(List.of(new Blocker(0, 0, 0.0, 2.0)), a.liftingKth());
        Change c = a.change();
        assertEquals(Change.Kind.ADD, c.kind());
        assertEquals(List.of(6), c.addedItems());
        assertEquals(1, c.newRank());
        assertEquals(1, rankAfter(model, h, c, 4));
        // with additions off, the closest removal is returned unverified: without event 0 item 2 scores 0 like
        // item 4, and item 0, the removed event's item, competes again (index 0 is ahead of 4 on the tie)
        Change closest = new WhyNot(model, new WhyNotConfig(1, 10, 0, 30)).answer(h, 4).change();
        assertEquals(Change.Kind.REMOVE, closest.kind());
        assertEquals(List.of(0), closest.removedPositions());
        assertEquals(rankAfter(model, h, closest, 4), closest.newRank());
        assertTrue(closest.newRank() > 1);
        assertFalse(closest.verified());
    }

    @Test
    void pruningDropsAGreedyAdditionThatTheNextOneMadeNeedless() {
        // items 0..7, history e0 = item 7 (weight 1); K = 1, asked item 2. B[7][3] = 10, B[7][1] = 9:
        // item 3 scores 10 (the K-th item), item 1 scores 9, item 2 scores 0.
        //   a = item 4: B[4][2] = 10, B[4][1] = 1, B[4][3] = -1 -> item 2: 10, item 1: 10, item 3: 9
        //       deficit 0, but item 1 wins the tie by index -> rank 2; gain against item 3: 11
        //   b = item 5: B[5][2] = 10 -> item 2: 10, item 3: 10, item 1: 9
        //       deficit 0 and item 2 wins the tie against item 3 -> rank 1; gain against item 3: 10
        // (adding item 1 or 3 only takes that competitor out: deficits 10 and 9)
        // greedy: a and b tie on the deficit, a is the better candidate -> a, rank 2; then b -> item 2: 20, rank 1
        // pruning: without b -> rank 2, keep it; without a -> b alone, rank 1 -> a is dropped: the change is {5}
        double[][] b = new double[8][8];
        b[7][3] = 10;
        b[7][1] = 9;
        b[4][2] = 10;
        b[4][1] = 1;
        b[4][3] = -1;
        b[5][2] = 10;
        ToyModels.Linear model = new ToyModels.Linear(b);
        History h = new History(0, List.of(WeightedEvent.unit(7, 5)));
        WhyNotAnswer a = new WhyNot(model, new WhyNotConfig(1, 10, 5, 0)).answer(h, 2);
        assertEquals(4, a.rank());
        assertEquals(3, a.kthItem());
        Change c = a.change();
        assertEquals(Change.Kind.ADD, c.kind());
        assertEquals(List.of(5), c.addedItems());
        assertEquals(1, c.newRank());
        assertEquals(1, rankAfter(model, h, c, 2));
        assertEquals(2, rankAfter(model, h, new Change(List.of(), List.of(), List.of(4), List.of(), 0, false), 2));
        assertEquals(1, rankAfter(model, h, new Change(List.of(), List.of(), List.of(4, 5), List.of(), 0, false), 2));
        assertOneMinimal(model, h, c, 2, 1);
    }

    @Test
    void seenExcludedAndInListNeedNoSearch() {
        ToyModels.Linear model = new ToyModels.Linear(handB());
        WhyNot whyNot = new WhyNot(model, new WhyNotConfig(2, 10, 5, 30));
        WhyNotAnswer seen = whyNot.answer(handHistory(), 1);
        assertEquals(WhyNotAnswer.Status.SEEN, seen.status());
        assertEquals(-1, seen.rank());
        assertNull(seen.change());
        assertFalse(seen.found());
        assertEquals(List.of(), seen.holdingBack());
        WhyNotAnswer muted = whyNot.answer(handHistory(), 5, j -> j == 5);
        assertEquals(WhyNotAnswer.Status.EXCLUDED, muted.status());
        assertNull(muted.change());
        WhyNotAnswer top = whyNot.answer(handHistory(), 3);
        assertEquals(WhyNotAnswer.Status.IN_LIST, top.status());
        assertEquals(1, top.rank());
        assertEquals(2, top.kthItem());
        assertEquals(-1.0, top.gap(), 1e-12);
        assertNull(top.change());
        assertThrows(IllegalArgumentException.class, () -> whyNot.answer(handHistory(), 6));
    }

    @Test
    void extraExclusionsDoNotCompeteBeforeOrAfterTheChange() {
        // muting item 3 (the best competitor) lifts item 4 to rank 2 = K: in the list
        ToyModels.Linear model = new ToyModels.Linear(handB());
        WhyNotAnswer a = new WhyNot(model, new WhyNotConfig(2, 10, 5, 30)).answer(handHistory(), 4, j -> j == 3);
        assertEquals(WhyNotAnswer.Status.IN_LIST, a.status());
        assertEquals(2, a.rank());
    }

    @Test
    void anEmptyHistoryCanOnlyBeAddedTo() {
        // all scores 0: items 0, 1, 2 are ahead of item 3 by index -> rank 4, K = 2, K-th item 1, gap 0.
        // B[4][3] = 1: a unit event on item 4 (weight 1, time 0) gives item 3 the score 1 -> rank 1
        double[][] b = new double[5][5];
        b[4][3] = 1;
        ToyModels.Linear model = new ToyModels.Linear(b);
        History h = new History(0, List.of());
        WhyNotAnswer a = new WhyNot(model, new WhyNotConfig(2, 10, 5, 30)).answer(h, 3);
        assertEquals(4, a.rank());
        assertEquals(1, a.kthItem());
        assertEquals(0.0, a.gap(), 1e-12);
        assertEquals(List.of(), a.holdingBack());
        assertEquals(List.of(), a.liftingKth());
        Change c = a.change();
        assertEquals(Change.Kind.ADD, c.kind());
        assertEquals(List.of(4), c.addedItems());
        assertEquals(1, c.newRank());
        assertEquals(1, rankAfter(model, h, c, 3));
    }

    @Test
    void nothingToTryGivesNoChange() {
        // empty history, additions off: there is nothing to remove and nothing may be added
        ToyModels.Linear model = new ToyModels.Linear(new double[4][4]);
        WhyNotAnswer a = new WhyNot(model, new WhyNotConfig(1, 10, 0, 30)).answer(new History(0, List.of()), 3);
        assertEquals(WhyNotAnswer.Status.OUTSIDE_LIST, a.status());
        assertNull(a.change());
        assertFalse(a.found());
        assertTrue(WhyNotText.render(a, ToyModels.info(List.of("A", "B", "C", "D"),
                List.of(List.of(), List.of(), List.of(), List.of())), Locale.ENGLISH).endsWith(
                "No change tried brings it into the top 1."));
    }

    @Test
    void aNonAdditiveModelUsesLeaveOneOutDeltas() {
        // sigmoid(linear - 1) is monotone, so the ranking is the hand case's; the leave-one-out contribution of
        // e1 to item 4 is sigmoid(0 - 1) - sigmoid(1 - 1) = sigmoid(-1) - 0.5
        ToyModels.Sigmoid model = new ToyModels.Sigmoid(handB());
        History h = handHistory();
        WhyNotAnswer a = new WhyNot(model, new WhyNotConfig(2, 10, 5, 30)).answer(h, 4);
        assertEquals(3, a.rank());
        assertEquals(1, a.holdingBack().size());
        assertEquals(1, a.holdingBack().get(0).position());
        assertEquals(1.0 / (1.0 + Math.exp(1.0)) - 0.5, a.holdingBack().get(0).contribution(), 1e-12);
        Change c = a.change();
        assertTrue(c.verified());
        assertEquals(1, c.size());
        assertEquals(c.newRank(), rankAfter(model, h, c, 4));
        assertTrue(c.newRank() <= 2);
    }

    // ---- text ---------------------------------------------------------------------------------------------------

    /** Titles of catalogue items that a sentence may not name: neither asked, in the history, nor added. */
    private static void assertNamesOnlyEvidence(String text, History h, WhyNotAnswer a, ItemInfo info, int n) {
        Set<Integer> allowed = new HashSet<>();
        allowed.add(a.item());
        for (int i : h.items()) {
            allowed.add(i);
        }
        if (a.change() != null) {
            allowed.addAll(a.change().addedItems());
        }
        for (int j = 0; j < n; j++) {
            if (!allowed.contains(j)) {
                assertFalse(text.contains(info.title(j)), "names " + info.title(j) + ": " + text);
            }
        }
    }

    @Test
    void englishAndChineseSentencesOfTheRemoval() {
        ToyModels.Linear model = new ToyModels.Linear(handB());
        History h = handHistory();
        WhyNotAnswer a = new WhyNot(model, new WhyNotConfig(2, 10, 5, 30)).answer(h, 4);
        String en = WhyNotText.render(a, INFO, Locale.ENGLISH);
        String zh = WhyNotText.render(a, INFO, Locale.SIMPLIFIED_CHINESE);
        assertEquals("\u201CCasino\u201D is at rank 3 (score 0.00, 2.00 below the 2nd item). Holding it back: your "
                + "activity on \u201CRonin\u201D (-1.00). Your activity on \u201CRonin\u201D and \u201CHeat\u201D lifts "
                + "the 2nd item more than this one. Without your activity on \u201CRonin\u201D, it would rise to "
                + "rank 2.", en);
        assertEquals("《Casino》目前排在第 3 位（得分 0.00，比第 2 名低 2.00）。你对《Ronin》（-1.00）的行为拉低了它的得分。"
                + "你对《Ronin》和《Heat》的行为让第 2 名的得分提高得比它更多。如果没有你对《Ronin》的行为，它会升到第 2 位。", zh);
        for (String text : List.of(en, zh)) {
            assertNamesOnlyEvidence(text, h, a, INFO, 6);
            assertFalse(text.contains("watched") || text.contains("看过"), text);
        }
    }

    /**
     * Items 0..4, history e0 = item 0; B[0]: item 1: 3, item 2: 2, item 3: 1; B[1] and B[2]: item 3: -5; row 4 is
     * 0. K = 2, asked item 3 at rank 3 behind 1 and 2. Adding 1 or 2 lowers it to -4 (rank 3 behind the other and
     * item 4), adding 4 leaves it third, removing e0 leaves all scores 0 (item 3 then ranks 4th by index, item 0
     * competing again); marking item 1 "not interested" takes it out of the list and lifts item 3 to 1 + 5 = 6:
     * rank 1 (marking item 2 does as well; item 1 is tried first, as the better-scored competitor).
     */
    @Test
    void aDismissalIsFoundWhenNothingElseWorks() {
        double[][] b = new double[5][5];
        b[0][1] = 3;
        b[0][2] = 2;
        b[0][3] = 1;
        b[1][3] = -5;
        b[2][3] = -5;
        ToyModels.Linear model = new ToyModels.Linear(b);
        History h = new History(0, List.of(WeightedEvent.unit(0, 100)));
        WhyNotAnswer a = new WhyNot(model, new WhyNotConfig(2, 10, 5, 30)).answer(h, 3);
        Change c = a.change();
        assertEquals(Change.Kind.DISMISS, c.kind());
        assertEquals(List.of(1), c.dismissedItems());
        assertEquals(1, c.newRank());
        assertTrue(c.verified());
        assertEquals(1, rankAfter(model, h, c, 3));
        assertTrue(WhyNotText.render(a, INFO, Locale.ENGLISH)
                .endsWith(" Marking \u201CRonin\u201D as not interested would bring it to rank 1."));
        assertTrue(WhyNotText.render(a, INFO, Locale.SIMPLIFIED_CHINESE).endsWith("如果把《Ronin》标记为不感兴趣，它会升到第 1 位。"));
    }

    @Test
    void sentencesOfAMixedChangeNameEveryPart() {
        Change c = new Change(List.of(1), List.of(1), List.of(5), List.of(2, 0), 1, true);
        assertEquals(Change.Kind.MIXED, c.kind());
        assertEquals(4, c.size());
        WhyNotAnswer a = new WhyNotAnswer(4, WhyNotAnswer.Status.OUTSIDE_LIST, 2, 3, 0.0, 2, 2.0, 2.0, List.of(),
                List.of(), c);
        assertEquals("\u201CCasino\u201D is at rank 3 (score 0.00, 2.00 below the 2nd item). Leaving out your activity "
                + "on \u201CRonin\u201D, adding \u201CTitanic\u201D to your history and marking \u201CFargo\u201D and "
                + "\u201CHeat\u201D as not interested would bring it to rank 1.", WhyNotText.render(a, INFO, Locale.ENGLISH));
        assertEquals("《Casino》目前排在第 3 位（得分 0.00，比第 2 名低 2.00）。如果去掉你对《Ronin》的行为，在你的历史中加入"
                + "《Titanic》，并把《Fargo》和《Heat》标记为不感兴趣，它会升到第 1 位。",
                WhyNotText.render(a, INFO, Locale.SIMPLIFIED_CHINESE));
        Change closest = new Change(List.of(), List.of(), List.of(5), List.of(2), 7, false);
        String en = WhyNotText.render(new WhyNotAnswer(4, WhyNotAnswer.Status.OUTSIDE_LIST, 2, 3, 0.0, 2, 2.0, 2.0,
                List.of(), List.of(), closest), INFO, Locale.ENGLISH);
        assertTrue(en.endsWith(" No change tried brings it into the top 2; the closest, adding \u201CTitanic\u201D to "
                + "your history and marking \u201CFargo\u201D as not interested, would put it at rank 7."), en);
    }

    @Test
    void englishAndChineseSentencesOfTheAddition() {
        ToyModels.Linear model = new ToyModels.Linear(handB());
        History h = handHistory();
        WhyNotAnswer a = new WhyNot(model, new WhyNotConfig(2, 10, 5, 0)).answer(h, 4);
        String en = WhyNotText.render(a, INFO, Locale.ENGLISH);
        String zh = WhyNotText.render(a, INFO, Locale.SIMPLIFIED_CHINESE);
        assertTrue(en.endsWith("Adding \u201CTitanic\u201D to your history would bring it to rank 1."), en);
        assertTrue(zh.endsWith("如果你的历史中加入《Titanic》，它会升到第 1 位。"), zh);
        for (String text : List.of(en, zh)) {
            assertTrue(text.contains("Casino") && text.contains("3"), text);
            assertNamesOnlyEvidence(text, h, a, INFO, 6);
        }
        assertThrows(IllegalArgumentException.class, () -> WhyNotText.render(a, INFO, Locale.FRENCH));
    }

    @Test
    void statusSentences() {
        ToyModels.Linear model = new ToyModels.Linear(handB());
        WhyNot whyNot = new WhyNot(model, new WhyNotConfig(2, 10, 5, 30));
        assertEquals("\u201CRonin\u201D is not in your list because you already have activity on it.",
                WhyNotText.render(whyNot.answer(handHistory(), 1), INFO, Locale.ENGLISH));
        assertEquals("《Brazil》已经在你的推荐列表中，排在第 1 位。",
                WhyNotText.render(whyNot.answer(handHistory(), 3), INFO, Locale.SIMPLIFIED_CHINESE));
        assertEquals("《Titanic》不在你的推荐列表中，因为你的设置排除了它（例如屏蔽的标签）。",
                WhyNotText.render(whyNot.answer(handHistory(), 5, j -> j == 5), INFO, Locale.SIMPLIFIED_CHINESE));
    }

    // ---- properties on random models ------------------------------------------------------------------------

    /** A dense n x n matrix with entries uniform in [-0.5, 1): mostly positive, with some negative pulls. */
    private static double[][] signedB(int n, Random rnd) {
        double[][] b = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                b[i][j] = -0.5 + 1.5 * rnd.nextDouble();
            }
        }
        return b;
    }

    private static History randomHistory(int m, int n, Random rnd) {
        List<Integer> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(i);
        }
        java.util.Collections.shuffle(items, rnd);
        List<WeightedEvent> events = new ArrayList<>();
        for (int t = 0; t < m; t++) {
            events.add(new WeightedEvent(items.get(t), 1000L + t, 1, 1, 1, 0.2 + rnd.nextDouble()));
        }
        return new History(0, events);
    }

    @Test
    void everyFoundChangeIsConfirmedByAnIndependentReRanking() {
        Random rnd = new Random(20240611L);
        int k = 5;
        int checked = 0;
        int found = 0;
        for (int round = 0; round < 12; round++) {
            int n = 25 + rnd.nextInt(15);
            ItemScorer model = round % 4 == 3 ? new ToyModels.Sigmoid(signedB(n, rnd))
                    : new ToyModels.Linear(signedB(n, rnd));
            History h = randomHistory(round == 0 ? 0 : 2 + rnd.nextInt(8), n, rnd);
            WhyNot whyNot = new WhyNot(model, new WhyNotConfig(k, 10, 4, 30));
            double[] s = new double[n];
            model.score(h, s);
            IntPredicate seen = ScoringAdapter.itemsOf(h);
            for (int x = 0; x < n; x++) {
                WhyNotAnswer a = whyNot.answer(h, x);
                if (seen.test(x)) {
                    assertEquals(WhyNotAnswer.Status.SEEN, a.status());
                    continue;
                }
                int r = rank(model, h, h, List.of(), x);
                assertEquals(r, a.rank(), "rank of " + x);
                assertEquals(a.kthScore() - s[x], a.gap(), 1e-12);
                if (r <= k) {
                    assertEquals(WhyNotAnswer.Status.IN_LIST, a.status());
                    continue;
                }
                assertEquals(WhyNotAnswer.Status.OUTSIDE_LIST, a.status());
                assertEquals(k, rank(model, h, h, List.of(), a.kthItem()), "the K-th item is at rank K");
                for (Blocker b : a.holdingBack()) {
                    assertTrue(b.contribution() < 0);
                    assertEquals(h.event(b.position()).item(), b.item());
                }
                if (model instanceof ToyModels.Linear lin) {
                    long negative = 0;
                    for (double c : lin.contributions(h, x)) {
                        negative += c < 0 ? 1 : 0;
                    }
                    assertEquals(negative, a.holdingBack().size());
                }
                checked++;
                Change c = a.change();
                if (c == null) {
                    continue;
                }
                int independent = rankAfter(model, h, c, x);
                assertEquals(independent, c.newRank(), "new rank of " + x + " after " + c);
                assertEquals(independent <= k, c.verified());
                for (int item : c.addedItems()) {
                    assertFalse(seen.test(item) || item == x, "added item " + item + " is not eligible");
                }
                for (int item : c.dismissedItems()) {
                    assertFalse(seen.test(item) || item == x || c.addedItems().contains(item),
                            "dismissed item " + item + " is not eligible");
                }
                if (c.verified()) {
                    found++;
                    assertOneMinimal(model, h, c, x, k);
                }
            }
        }
        assertTrue(checked > 100, "only " + checked + " items outside the list were asked about");
        assertTrue(found >= checked * 0.8, found + " of " + checked + " found");
    }
}
