// CensusStore
