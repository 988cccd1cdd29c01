# Reference numbers for org.spinerad.predict / stats tests that need R (R 4.2, caret 6.0-93, pROC 1.18).
# Debian: apt-get install r-base-core r-cran-caret r-cran-proc
# Run from the repository root:  Rscript scripts/ref/predict_reference.R
# Writes correlation_data.csv (seeded, clusters of correlated features) and r_reference.csv (name,value) under
# src/test/resources/predict/.
suppressMessages({library(caret); library(pROC)})
dir <- "src/test/resources/predict"
set.seed(20261204)
n <- 90; k <- 12
base <- matrix(rnorm(n * k), n, k)
X <- NULL; nm <- NULL
for (c in 1:k) {                      # clusters of 1-5 features with different within-cluster noise
  size <- 1 + (c %% 5)
  for (m in 1:size) {
    X <- cbind(X, base[, c] + rnorm(n, sd = c(0.05, 0.2, 0.35, 0.5, 0.8)[m]) + 0.3 * base[, (c %% k) + 1])
    nm <- c(nm, sprintf("c%02d_%d", c, m))
  }
}
colnames(X) <- nm
write.csv(round(X, 6), file.path(dir, "correlation_data.csv"), row.names = FALSE)
X <- as.matrix(read.csv(file.path(dir, "correlation_data.csv")))
out <- list()
for (cut in c(0.9, 0.75, 0.5)) {
  drop <- findCorrelation(cor(X), cutoff = cut, exact = TRUE, names = TRUE)
  out[[paste0("caret.kept.", cut)]] <- paste(setdiff(colnames(X), drop), collapse = " ")
}
# pROC: two identical ROC curves
set.seed(1); y <- rbinom(40, 1, 0.4); s <- rnorm(40) + y
r <- roc(y, s, quiet = TRUE)
t <- suppressWarnings(roc.test(r, r, method = "delong", paired = TRUE))
out[["roc.identical.z"]] <- sprintf("%.17g", t$statistic); out[["roc.identical.p"]] <- sprintf("%.17g", t$p.value)
# upper tails far below 1e-16, which 1 - CDF prints as 0
out[["tail.f.400.1.100"]] <- sprintf("%.17g", pf(400, 1, 100, lower.tail = FALSE))
out[["tail.f.3.2.5.7"]] <- sprintf("%.17g", pf(3.2, 5, 7, lower.tail = FALSE))
out[["tail.chisq.300.4"]] <- sprintf("%.17g", pchisq(300, 4, lower.tail = FALSE))
out[["tail.chisq.2.5.3"]] <- sprintf("%.17g", pchisq(2.5, 3, lower.tail = FALSE))
write.csv(data.frame(name = names(out), value = unlist(out)), file.path(dir, "r_reference.csv"), row.names = FALSE)
cat("wrote", length(out), "reference values\n")
