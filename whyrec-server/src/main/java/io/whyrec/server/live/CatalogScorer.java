package io.whyrec.server.live;

import io.whyrec.api.AdditiveScorer;
import io.whyrec.api.History;
import io.whyrec.api.ItemScorer;

import java.util.Arrays;

/**
 * A fitted model seen over a catalogue that may have grown since the fit: items beyond the fitted ones score 0
 * and contribute nothing (the histories given to it carry such items with weight 0). Scores of fitted items are
 * the model's own. {@link #of} gives the {@link Additive} form for an additive model, whose contributions are
 * the model's own too, so it stays exactly additive.
 */
class CatalogScorer implements ItemScorer {

    final ItemScorer model;
    final int numItems;

    CatalogScorer(ItemScorer model, int numItems) {
        if (numItems < model.numItems()) {
            throw new IllegalArgumentException("catalogue of " + numItems + " items is smaller than the "
                    + model.numItems() + " items the model was fitted on");
        }
        this.model = model;
        this.numItems = numItems;
    }

    /**
     * The model over a catalogue of {@code numItems} items, additive when the model is: the model itself when it
     * covers the whole catalogue (so explainers that need the model's own class, such as the transformer's
     * gradient methods, see it), else a wrapper.
     */
    static ItemScorer of(ItemScorer model, int numItems) {
        if (numItems == model.numItems()) {
            return model;
        }
        return model instanceof AdditiveScorer a ? new Additive(a, numItems) : new CatalogScorer(model, numItems);
    }

    @Override
    public int numItems() {
        return numItems;
    }

    @Override
    public void score(History history, double[] out) {
        if (numItems == model.numItems()) {
            model.score(history, out);
            return;
        }
        double[] inner = new double[model.numItems()];
        model.score(history, inner);
        System.arraycopy(inner, 0, out, 0, inner.length);
        Arrays.fill(out, inner.length, numItems, 0.0);
    }

    void check(int item) {
        if (item < 0 || item >= numItems) {
            throw new IllegalArgumentException("item index " + item + " outside 0.." + (numItems - 1));
        }
    }

    /** The additive form: contributions of fitted items are the model's, those of later items are 0. */
    static final class Additive extends CatalogScorer implements AdditiveScorer {

        private final AdditiveScorer additive;

        Additive(AdditiveScorer model, int numItems) {
            super(model, numItems);
            this.additive = model;
        }

        @Override
        public double[] contributions(History history, int item) {
            check(item);
            return item < model.numItems() ? additive.contributions(history, item) : new double[history.size()];
        }

        @Override
        public double[][] contributions(History history, int[] items) {
            int fitted = model.numItems();
            int inside = 0;
            for (int item : items) {
                check(item);
                inside += item < fitted ? 1 : 0;
            }
            if (inside == items.length) {
                return additive.contributions(history, items);
            }
            int[] sub = new int[inside];
            int m = 0;
            for (int item : items) {
                if (item < fitted) {
                    sub[m++] = item;
                }
            }
            double[][] inner = additive.contributions(history, sub);
            double[][] out = new double[items.length][];
            m = 0;
            for (int r = 0; r < items.length; r++) {
                out[r] = items[r] < fitted ? inner[m++] : new double[history.size()];
            }
            return out;
        }
    }
}
