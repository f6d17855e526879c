// Barrel: the facade (api/) and the reference factory. Filled in by the package's first commit.
export {};
