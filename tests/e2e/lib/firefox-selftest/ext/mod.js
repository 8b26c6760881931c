// Web-accessible ES module imported dynamically by the content script.
export const answer = 42;
