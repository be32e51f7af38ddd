/**
 * Training of the SASRec model: the training and validation sequences ({@link
 * io.whyrec.neural.train.TrainingSequences}), full-catalogue cross-entropy with Adam, seeded batching and early
 * stopping on the validation item ({@link io.whyrec.neural.train.SasRecTrainer}).
 */
package io.whyrec.neural.train;
