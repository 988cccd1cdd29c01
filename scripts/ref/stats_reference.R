# Reference numbers for org.spinerad.stats tests (R 4.2, pROC 1.18, psych 2.2.9, car 3.1, vcd 1.4).
# Debian: apt-get install r-base-core r-cran-proc r-cran-psych r-cran-car r-cran-vcd
# Run from the repository root:  Rscript scripts/ref/stats_reference.R
# Writes the fixed input data (only if absent, seeded) and refs.csv (name,value) under src/test/resources/org/spinerad/stats/.
suppressMessages({library(pROC); library(psych); library(car); library(vcd)})
dir <- "src/test/resources/org/spinerad/stats"
f <- function(name) file.path(dir, name)

if (!file.exists(f("roc.csv"))) {
  set.seed(20261125)
  n <- 120; y <- rbinom(n, 1, 0.4)
  s1 <- round(y * 1.0 + rnorm(n), 1)            # rounded: ties inside and across classes
  s2 <- round(0.6 * s1 + y * 0.3 + rnorm(n, sd = 0.8), 2)
  write.csv(data.frame(y = y, s1 = s1, s2 = s2), f("roc.csv"), row.names = FALSE)
  m <- 80; y2 <- rbinom(m, 1, 0.5)
  write.csv(data.frame(y = y2, s = round(y2 * 0.5 + rnorm(m), 2)), f("roc2.csv"), row.names = FALSE)
  g <- rep(c("A", "B", "C"), times = c(25, 30, 20))
  x <- round(c(rnorm(25, 10, 2), rnorm(30, 11, 3.5), rnorm(20, 9.5, 1)), 3)
  z <- round(c(rexp(25, 1), rexp(30, 0.6), rexp(20, 1.2)), 1)
  write.csv(data.frame(group = g, x = x, z = z), f("groups.csv"), row.names = FALSE)
  tr <- rnorm(20, 50, 10)
  ratings <- round(cbind(r1 = tr + rnorm(20, 0, 3), r2 = tr + 2 + rnorm(20, 0, 3), r3 = tr - 1 + rnorm(20, 0, 4)), 2)
  write.csv(ratings, f("icc.csv"), row.names = FALSE)
  lat <- sample(1:4, 60, replace = TRUE)
  k2 <- pmin(4, pmax(1, lat + sample(c(-1, 0, 0, 0, 1), 60, replace = TRUE)))
  write.csv(data.frame(rater1 = lat, rater2 = k2), f("kappa.csv"), row.names = FALSE)
  nl <- 150; x1 <- rnorm(nl); x2 <- rnorm(nl, 2, 1.5)
  yl <- rbinom(nl, 1, plogis(-0.5 + 0.8 * x1 - 0.4 * x2))
  p <- plogis(-0.3 + 0.6 * x1 - 0.3 * x2 + rnorm(nl, 0, 0.3))   # a miscalibrated prediction of yl
  write.csv(data.frame(y = yl, x1 = round(x1, 4), x2 = round(x2, 4), p = round(p, 5)), f("logistic.csv"), row.names = FALSE)
}

if (!file.exists(f("baseline.csv"))) {
  set.seed(7)
  n <- 90
  cohort <- sample(c("train", "test"), n, replace = TRUE, prob = c(0.6, 0.4))
  site <- sample(c("S1", "S2", "S3"), n, replace = TRUE)
  age <- round(rnorm(n, 55 + 4 * (cohort == "test"), 9), 1)
  crp <- round(exp(rnorm(n, 1 + 0.4 * (site == "S2"), 0.9)), 2); crp[c(3, 17, 40)] <- NA
  bmi <- round(rnorm(n, 26, ifelse(cohort == "test", 5, 2.5)), 2)
  sex <- sample(c("F", "M"), n, replace = TRUE); sex[c(5, 60)] <- NA
  grade <- sample(1:3, n, replace = TRUE, prob = c(0.8, 0.15, 0.05))
  write.csv(data.frame(id = sprintf("P%03d", 1:n), cohort, site, age, crp, bmi, sex, grade), f("baseline.csv"), row.names = FALSE, na = "")
}

out <- list()
put <- function(name, value) out[[name]] <<- as.numeric(unname(value))[1]

d <- read.csv(f("roc.csv")); d2 <- read.csv(f("roc2.csv"))
r1 <- roc(d$y, d$s1, direction = "<", levels = c(0, 1), quiet = TRUE)
r2 <- roc(d$y, d$s2, direction = "<", levels = c(0, 1), quiet = TRUE)
r3 <- roc(d2$y, d2$s, direction = "<", levels = c(0, 1), quiet = TRUE)
put("roc.s1.auc", as.numeric(auc(r1)))
put("roc.s1.var", var(r1, method = "delong"))
ci1 <- ci.auc(r1, method = "delong"); put("roc.s1.ci.lower", ci1[1]); put("roc.s1.ci.upper", ci1[3])
put("roc.s2.auc", as.numeric(auc(r2)))
put("roc.s2.var", var(r2, method = "delong"))
put("roc2.auc", as.numeric(auc(r3)))
put("roc2.var", var(r3, method = "delong"))
tp <- roc.test(r1, r2, method = "delong", paired = TRUE); put("roc.paired.z", tp$statistic); put("roc.paired.p", tp$p.value)
tu <- roc.test(r1, r3, method = "delong", paired = FALSE); put("roc.unpaired.z", tu$statistic); put("roc.unpaired.p", tu$p.value); put("roc.unpaired.df", tu$parameter)
set.seed(1); cib <- ci.auc(r1, method = "bootstrap", boot.n = 2000, boot.stratified = TRUE)
put("roc.s1.boot.lower", cib[1]); put("roc.s1.boot.upper", cib[3])
for (nm in c("s1", "s2")) {
  rr <- if (nm == "s1") r1 else r2
  b <- coords(rr, "best", best.method = "youden", ret = c("threshold", "sensitivity", "specificity"), transpose = FALSE)
  put(paste0("roc.", nm, ".youden.count"), nrow(b))
  put(paste0("roc.", nm, ".youden.threshold"), b$threshold[1])
  put(paste0("roc.", nm, ".youden.sensitivity"), b$sensitivity[1])
  put(paste0("roc.", nm, ".youden.specificity"), b$specificity[1])
}
put("roc.s1.threshold.count", length(r1$thresholds))
put("roc.s1.threshold.3", r1$thresholds[3]); put("roc.s1.sensitivity.3", r1$sensitivities[3]); put("roc.s1.specificity.3", r1$specificities[3])

g <- read.csv(f("groups.csv")); A <- g[g$group == "A", ]; B <- g[g$group == "B", ]
t1 <- t.test(A$x, B$x, var.equal = TRUE); put("t.student.t", t1$statistic); put("t.student.p", t1$p.value)
t2 <- t.test(A$x, B$x, var.equal = FALSE); put("t.welch.t", t2$statistic); put("t.welch.df", t2$parameter); put("t.welch.p", t2$p.value)
g$group <- factor(g$group)
lm1 <- leveneTest(x ~ group, data = g); put("levene.median.F", lm1$`F value`[1]); put("levene.median.p", lm1$`Pr(>F)`[1])
lm2 <- leveneTest(x ~ group, data = g, center = mean); put("levene.mean.F", lm2$`F value`[1]); put("levene.mean.p", lm2$`Pr(>F)`[1])
av <- oneway.test(x ~ group, data = g, var.equal = TRUE); put("anova.F", av$statistic); put("anova.p", av$p.value)
w <- wilcox.test(A$z, B$z, exact = FALSE, correct = TRUE); put("mwu.W", w$statistic); put("mwu.p", w$p.value)
kw <- kruskal.test(z ~ group, data = g); put("kw.H", kw$statistic); put("kw.p", kw$p.value)
sw <- shapiro.test(g$x); put("shapiro.x.W", sw$statistic); put("shapiro.x.p", sw$p.value)
sw <- shapiro.test(g$z); put("shapiro.z.W", sw$statistic); put("shapiro.z.p", sw$p.value)
sw <- shapiro.test(g$z[1:9]); put("shapiro.z9.W", sw$statistic); put("shapiro.z9.p", sw$p.value)
sw <- shapiro.test(g$x[1:5]); put("shapiro.x5.W", sw$statistic); put("shapiro.x5.p", sw$p.value)
sw <- shapiro.test(g$x[1:3]); put("shapiro.x3.W", sw$statistic); put("shapiro.x3.p", sw$p.value)

# contingency tables (given row-wise here and in the Java test)
t22 <- matrix(c(12, 5, 7, 16), 2, byrow = TRUE)
cs <- chisq.test(t22); put("chisq.2x2.yates.X2", cs$statistic); put("chisq.2x2.yates.p", cs$p.value)
cs <- chisq.test(t22, correct = FALSE); put("chisq.2x2.X2", cs$statistic); put("chisq.2x2.p", cs$p.value)
t32 <- matrix(c(20, 15, 12, 25, 8, 14), 3, byrow = TRUE)
cs <- chisq.test(t32); put("chisq.3x2.X2", cs$statistic); put("chisq.3x2.p", cs$p.value)
put("fisher.2x2.p", fisher.test(t22)$p.value)
put("fisher.2x2b.p", fisher.test(matrix(c(3, 1, 1, 3), 2, byrow = TRUE))$p.value)
put("fisher.3x3.p", fisher.test(matrix(c(3, 1, 0, 2, 4, 1, 0, 2, 5), 3, byrow = TRUE))$p.value)
put("fisher.2x4.p", fisher.test(matrix(c(5, 2, 1, 0, 1, 3, 4, 6), 2, byrow = TRUE))$p.value)

# ICC (psych, ANOVA estimates)
ic <- read.csv(f("icc.csv"))
for (cols in list(c("r1", "r2", "r3"), c("r1", "r2"))) {
  res <- psych::ICC(ic[, cols], lmer = FALSE)$results
  tag <- paste0("icc", length(cols), ".")
  for (i in 1:6) {
    ty <- res$type[i]
    put(paste0(tag, ty, ".value"), res$ICC[i]); put(paste0(tag, ty, ".F"), res$F[i])
    put(paste0(tag, ty, ".p"), res$p[i]); put(paste0(tag, ty, ".lower"), res$`lower bound`[i]); put(paste0(tag, ty, ".upper"), res$`upper bound`[i])
  }
}

# Cohen's kappa: psych::cohen.kappa (unweighted kappa, variance, CI) and vcd::Kappa for the weighted variances
# (psych's weighted variance scales one marginal term differently from Fleiss, Cohen & Everitt 1969; vcd follows the paper)
kp <- read.csv(f("kappa.csv"))
ck <- cohen.kappa(kp)
put("kappa.unweighted", ck$kappa); put("kappa.unweighted.var", ck$var.kappa)
put("kappa.unweighted.lower", ck$confid[1, 1]); put("kappa.unweighted.upper", ck$confid[1, 3])
put("kappa.quadratic.psych", ck$weighted.kappa)
tab <- table(factor(kp$rater1, 1:4), factor(kp$rater2, 1:4))
kl <- vcd::Kappa(tab, weights = "Equal-Spacing"); kq <- vcd::Kappa(tab, weights = "Fleiss-Cohen")
put("kappa.unweighted.vcd.ase", kl$Unweighted[2])
put("kappa.linear", kl$Weighted[1]); put("kappa.linear.var", kl$Weighted[2]^2)
put("kappa.quadratic", kq$Weighted[1]); put("kappa.quadratic.var", kq$Weighted[2]^2)

# logistic regression + calibration
lg <- read.csv(f("logistic.csv"))
fit <- glm(y ~ x1 + x2, family = binomial, data = lg, control = glm.control(epsilon = 1e-14, maxit = 100))
sm <- summary(fit)$coefficients
for (i in 1:3) { put(paste0("glm.coef.", i), sm[i, 1]); put(paste0("glm.se.", i), sm[i, 2]); put(paste0("glm.p.", i), sm[i, 4]) }
put("glm.deviance", fit$deviance); put("glm.null.deviance", fit$null.deviance)
cal <- glm(y ~ qlogis(p), family = binomial, data = lg, control = glm.control(epsilon = 1e-14, maxit = 100))
put("cal.intercept", coef(cal)[1]); put("cal.slope", coef(cal)[2])
citl <- glm(y ~ 1, offset = qlogis(p), family = binomial, data = lg, control = glm.control(epsilon = 1e-14, maxit = 100))
put("cal.in.the.large", coef(citl)[1]); put("cal.in.the.large.se", summary(citl)$coefficients[1, 2])
put("brier", mean((lg$p - lg$y)^2))
# Hosmer-Lemeshow exactly as ResourceSelection::hoslem.test(y, p, g = 10) computes it
cuty <- cut(lg$p, breaks = quantile(lg$p, probs = seq(0, 1, 1 / 10)), include.lowest = TRUE)
obs <- xtabs(cbind(1 - lg$y, lg$y) ~ cuty); expct <- xtabs(cbind(1 - lg$p, lg$p) ~ cuty)
hl <- sum((obs - expct)^2 / expct)
put("hl.statistic", hl); put("hl.p", 1 - pchisq(hl, 10 - 2))

# Baseline table decision rules (as documented in BaselineTable), by a 2-level and a 3-level group
bl <- read.csv(f("baseline.csv"), na.strings = c("", "NA"))
normal <- function(v, g) all(sapply(split(v, g), function(x) length(x) >= 3 && shapiro.test(x)$p.value > 0.05))
for (grp in c("cohort", "site")) {
  g <- factor(bl[[grp]])
  for (v in c("age", "crp", "bmi")) {
    ok <- !is.na(bl[[v]]); x <- bl[[v]][ok]; gg <- droplevels(g[ok]); nrm <- normal(x, gg)
    if (nlevels(gg) == 2) {
      if (nrm) { eq <- leveneTest(x ~ gg)$`Pr(>F)`[1] > 0.05; p <- t.test(x ~ gg, var.equal = eq)$p.value; test <- if (eq) 1 else 2 }
      else { p <- wilcox.test(x ~ gg, exact = FALSE, correct = TRUE)$p.value; test <- 3 }
    } else {
      if (nrm) { p <- oneway.test(x ~ gg, var.equal = TRUE)$p.value; test <- 4 } else { p <- kruskal.test(x ~ gg)$p.value; test <- 5 }
    }
    put(paste("baseline", grp, v, "p", sep = "."), p); put(paste("baseline", grp, v, "test", sep = "."), test)
  }
  for (v in c("sex", "grade")) {
    ok <- !is.na(bl[[v]]); tab <- table(bl[[v]][ok], g[ok])
    e <- suppressWarnings(chisq.test(tab))$expected
    if (min(e) < 5) { p <- fisher.test(tab)$p.value; test <- 7 } else { p <- chisq.test(tab)$p.value; test <- 6 }
    put(paste("baseline", grp, v, "p", sep = "."), p); put(paste("baseline", grp, v, "test", sep = "."), test)
  }
}
tr <- bl[bl$cohort == "train", ]
put("baseline.cohort.age.train.mean", mean(tr$age)); put("baseline.cohort.age.train.sd", sd(tr$age))
put("baseline.cohort.crp.train.median", median(tr$crp, na.rm = TRUE)); put("baseline.cohort.crp.train.q1", quantile(tr$crp, 0.25, na.rm = TRUE))
put("baseline.cohort.crp.train.missing", sum(is.na(tr$crp)))

vals <- unlist(out)
write.csv(data.frame(name = names(vals), value = sprintf("%.17g", vals)), f("refs.csv"), row.names = FALSE, quote = FALSE)
cat("wrote", length(vals), "reference values\n")
