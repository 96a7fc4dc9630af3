/*
 * Copyright 2025 Someone
 * 1. Keep this header.
 * (b) Do not remove it.
 */
int x;
