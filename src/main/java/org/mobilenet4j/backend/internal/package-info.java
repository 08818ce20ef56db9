/**
 * Shared machinery of the backends (per-caller resource pools, the run/close guard, compile error
 * translation). Not API: it may change in any release.
 */
package org.mobilenet4j.backend.internal;
