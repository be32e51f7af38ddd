package io.whyrec.cli;

import picocli.CommandLine.Option;

/** The {@code --lang en|zh} option of the commands that write sentences (explain, demo, disclose). */
final class LangOption {

    @Option(names = "--lang", defaultValue = "en", description = "Language of the sentences: en or zh "
            + "(default: ${DEFAULT-VALUE}).")
    String lang;

    /**
     * The language tag, checked.
     *
     * @throws IllegalArgumentException naming the option and the value when it is neither en nor zh
     */
    String get() {
        if (!lang.equals("en") && !lang.equals("zh")) {
            throw new IllegalArgumentException("--lang must be en or zh, got '" + lang + "'");
        }
        return lang;
    }
}
