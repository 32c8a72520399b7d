import pytest
from main import ExcelProcessor
import pandas as pd
# imports added by sopgraph: names this file used without importing them
import streamlit as st

def test_upload_file():
    processor = ExcelProcessor()
    file = "test.xlsx"
    processor.uploadFile(file)
    assert processor.file == file

def test_display_file():
    processor = ExcelProcessor()
    file = "test.xlsx"
    processor.uploadFile(file)
    df = pd.read_excel(file)
    assert "test data" in df.to_string()

def test_filter_data():
    processor = ExcelProcessor()
    file = "test.xlsx"
    processor.uploadFile(file)
    df = pd.read_excel(file)
    filtered_df = processor.filterData(df, "column_name", "value")
    assert "filtered data" in filtered_df.to_string()

def test_sort_data():
    processor = ExcelProcessor()
    file = "test.xlsx"
    processor.uploadFile(file)
    df = pd.read_excel(file)
    sorted_df = processor.sortData(df, "column_name")
    assert "sorted data" in sorted_df.to_string()

def test_export_data():
    processor = ExcelProcessor()
    file = "test.xlsx"
    processor.uploadFile(file)
    df = pd.read_excel(file)
    sorted_df = processor.sortData(df, "column_name")
    export_file = "test_export.xlsx"
    processor.exportData(sorted_df, export_file)
    assert "test_export.xlsx" in st.file_uploader("Export processed data to a new Excel file", type=["xlsx", "xls"]).files
