import pandas as pd
import streamlit as st

class ExcelProcessor:
    def __init__(self):
        pass

    def uploadFile(self, file: str):
        self.file = file

    def displayFile(self, file: str):
        df = pd.read_excel(file)
        st.dataframe(df)

    def filterData(self, data: pd.DataFrame, column: str, value: any):
        df = data[data[column] == value]
        return df

    def sortData(self, data: pd.DataFrame, column: str):
        df = data.sort_values(by=column)
        return df

    def exportData(self, data: pd.DataFrame, file: str):
        data.to_excel(file, index=False)

if __name__ == "__main__":
    processor = ExcelProcessor()
    st.title("Excel Data Processor")
    file = st.file_uploader("Upload an Excel file", type=["xlsx", "xls"])
    if file is not None:
        processor.uploadFile(file)
        processor.displayFile(file)
        column = st.selectbox("Select a column to filter", data.columns)
        value = st.text_input("Enter a value to filter by")
        filtered_df = processor.filterData(data, column, value)
        st.dataframe(filtered_df)
        column = st.selectbox("Select a column to sort", data.columns)
        sorted_df = processor.sortData(data, column)
        st.dataframe(sorted_df)
        export_file = st.file_uploader("Export processed data to a new Excel file", type=["xlsx", "xls"])
        if export_file is not None:
            processor.exportData(sorted_df, export_file)
