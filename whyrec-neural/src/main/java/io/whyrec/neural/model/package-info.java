/**
 * The SASRec network as a DJL block ({@link io.whyrec.neural.model.SasRecBlock}), its configuration with every
 * default ({@link io.whyrec.neural.model.SasRecConfig}) and the fitted model behind ids and scores ({@link
 * io.whyrec.neural.model.SasRec}); tensors never leave this package's translator.
 */
package io.whyrec.neural.model;
