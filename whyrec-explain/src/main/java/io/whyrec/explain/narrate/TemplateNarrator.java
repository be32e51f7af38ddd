package io.whyrec.explain.narrate;

import io.whyrec.explain.text.ExplanationText;
import io.whyrec.explain.text.TextConfig;

import java.util.Locale;

/**
 * The en/zh template sentences of {@link ExplanationText} and the template interest summary
 * ({@link SummaryFacts#template}): the default narrator, always available.
 */
public final class TemplateNarrator implements Narrator {

    /** The name responses give this narrator. */
    public static final String NAME = "template";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String narrate(Facts facts, Locale locale) {
        return new ExplanationText(locale, facts.info(), TextConfig.DEFAULT).render(facts.explanation());
    }

    @Override
    public String summarize(SummaryFacts facts, Locale locale) {
        return facts.template();
    }
}
