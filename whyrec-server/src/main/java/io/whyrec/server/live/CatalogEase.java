package io.whyrec.server.live;

import io.whyrec.api.AdditiveScorer;
import io.whyrec.api.History;
import io.whyrec.core.model.Ease;

import java.util.Arrays;

/**
 * A fitted EASE model seen over a catalogue that may have grown since the fit: items beyond the fitted ones
 * score 0 and contribute nothing (the histories given to it carry such items with weight 0). Scores and
 * contributions of fitted items are EASE's own, so the model stays exactly additive.
 */
final class CatalogEase implements AdditiveScorer {

    private final Ease ease;
    private final int numItems;

    CatalogEase(Ease ease, int numItems) {
        if (numItems < ease.numItems()) {
            throw new IllegalArgumentException("catalogue of " + numItems + " items is smaller than the "
                    + ease.numItems() + " items EASE was fitted on");
        }
        this.ease = ease;
        this.numItems = numItems;
    }

    @Override
    public int numItems() {
        return numItems;
    }

    @Override
    public void score(History history, double[] out) {
        if (numItems == ease.numItems()) {
            ease.score(history, out);
            return;
        }
        double[] inner = new double[ease.numItems()];
        ease.score(history, inner);
        System.arraycopy(inner, 0, out, 0, inner.length);
        Arrays.fill(out, inner.length, numItems, 0.0);
    }

    @Override
    public double[] contributions(History history, int item) {
        if (item >= ease.numItems()) {
            if (item >= numItems) {
                throw new IllegalArgumentException("ease: item index " + item + " outside 0.." + (numItems - 1));
            }
            return new double[history.size()];
        }
        return ease.contributions(history, item);
    }

    @Override
    public double[][] contributions(History history, int[] items) {
        int fitted = ease.numItems();
        int inside = 0;
        for (int item : items) {
            if (item < 0 || item >= numItems) {
                throw new IllegalArgumentException("ease: item index " + item + " outside 0.." + (numItems - 1));
            }
            inside += item < fitted ? 1 : 0;
        }
        if (inside == items.length) {
            return ease.contributions(history, items);
        }
        int[] sub = new int[inside];
        int m = 0;
        for (int item : items) {
            if (item < fitted) {
                sub[m++] = item;
            }
        }
        double[][] inner = ease.contributions(history, sub);
        double[][] out = new double[items.length][];
        m = 0;
        for (int r = 0; r < items.length; r++) {
            out[r] = items[r] < fitted ? inner[m++] : new double[history.size()];
        }
        return out;
    }
}
