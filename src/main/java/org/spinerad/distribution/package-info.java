/**
 * The Fiji update site, written by SpineRad's own code from the ImageJ updater's format: {@link UpdaterChecksum} (the
 * updater's file checksums), {@link UpdateSiteDb} ({@code db.xml.gz}: plugin records with versions, dependencies,
 * platforms and previous versions), {@link UpdateSiteBuilder} (run by {@code scripts/build-update-site.sh}) and
 * {@link SiteInstaller} (what the updater does on a user's machine: the running platform's files into an ImageJ or
 * Fiji folder). Knows nothing of ImageJ.
 */
package org.spinerad.distribution;
