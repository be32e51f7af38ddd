/**
 * Dense linear algebra the models need and that no dependency does fast enough: the inverse of a symmetric
 * positive-definite matrix, used by EASE, and the Cholesky factor and solves of the small k x k systems of iALS.
 * Plain arrays in, plain arrays out.
 */
package io.whyrec.core.model.linalg;
