"""Chart builders: DataFrame in, plotly Figure out, no computing; `common` shows a chart with its downloads."""
