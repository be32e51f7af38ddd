/**
 * Fixtures that whyrec-explain's tests share with the tests of the modules above it (whyrec-gguf reads them from
 * whyrec-explain's test jar, which holds only this package): the ML-100K explanations of the narrator suites, and
 * the independent rank that the counterfactual tests check a search's reports with (whyrec-eval's tests of iALS).
 */
package io.whyrec.explain.testing;
